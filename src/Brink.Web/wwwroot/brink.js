// Saves bytes sent by the server (a DotNetStreamReference) as a file download: reports, scenario text.
window.brinkDownload = async (fileName, contentType, streamRef) => {
  const buffer = await streamRef.arrayBuffer();
  const url = URL.createObjectURL(new Blob([buffer], { type: contentType }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
};
