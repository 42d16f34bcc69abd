// The application layer is what every command maps onto (issue 11).
global using Brink.Application;
