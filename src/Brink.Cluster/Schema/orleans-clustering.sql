-- Orleans ADO.NET clustering on PostgreSQL, created by Brink (the Microsoft.Orleans.Clustering.AdoNet package
-- does not ship its SQL). Table layout, query keys and the parameters of each query follow dotnet/orleans'
-- src/AdoNet/Shared/PostgreSQL-Main.sql (OrleansQuery) and src/AdoNet/Orleans.Clustering.AdoNet/PostgreSQL-Clustering.sql
-- (main branch; see ../shared/deps.md), written again here to be re-runnable: tables IF NOT EXISTS, functions
-- CREATE OR REPLACE, query rows upserted. Differences: times are timestamptz (Npgsql 6+ sends UTC DateTime values as
-- timestamptz), and CleanupDefunctSiloEntryKey (one silo's row) is included for the 10.x provider.
-- Each insert/update query answers one row with one integer column: the number of rows it changed (the provider reads it).

CREATE TABLE IF NOT EXISTS OrleansQuery
(
    QueryKey varchar(64) NOT NULL,
    QueryText varchar(8000) NOT NULL,
    CONSTRAINT OrleansQuery_Key PRIMARY KEY (QueryKey)
);

-- One row per cluster (deployment): the membership table's version, bumped by every membership change.
CREATE TABLE IF NOT EXISTS OrleansMembershipVersionTable
(
    DeploymentId varchar(150) NOT NULL,
    Timestamp timestamptz NOT NULL DEFAULT now(),
    Version integer NOT NULL DEFAULT 0,
    CONSTRAINT PK_OrleansMembershipVersionTable_DeploymentId PRIMARY KEY (DeploymentId)
);

-- One row per silo instance.
CREATE TABLE IF NOT EXISTS OrleansMembershipTable
(
    DeploymentId varchar(150) NOT NULL,
    Address varchar(45) NOT NULL,
    Port integer NOT NULL,
    Generation integer NOT NULL,
    SiloName varchar(150) NOT NULL,
    HostName varchar(150) NOT NULL,
    Status integer NOT NULL,
    ProxyPort integer NULL,
    SuspectTimes varchar(8000) NULL,
    StartTime timestamptz NOT NULL,
    IAmAliveTime timestamptz NOT NULL,
    CONSTRAINT PK_MembershipTable_DeploymentId PRIMARY KEY (DeploymentId, Address, Port, Generation),
    CONSTRAINT FK_MembershipTable_MembershipVersionTable_DeploymentId FOREIGN KEY (DeploymentId) REFERENCES OrleansMembershipVersionTable (DeploymentId)
);

CREATE OR REPLACE FUNCTION update_i_am_alive_time(
    deployment_id OrleansMembershipTable.DeploymentId%TYPE,
    address_arg OrleansMembershipTable.Address%TYPE,
    port_arg OrleansMembershipTable.Port%TYPE,
    generation_arg OrleansMembershipTable.Generation%TYPE,
    i_am_alive_time OrleansMembershipTable.IAmAliveTime%TYPE)
  RETURNS void AS
$func$
BEGIN
    -- Expected never to fail, so nothing is returned or checked.
    UPDATE OrleansMembershipTable AS d
    SET IAmAliveTime = i_am_alive_time
    WHERE d.DeploymentId = deployment_id AND deployment_id IS NOT NULL
      AND d.Address = address_arg AND address_arg IS NOT NULL
      AND d.Port = port_arg AND port_arg IS NOT NULL
      AND d.Generation = generation_arg AND generation_arg IS NOT NULL;
END
$func$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION insert_membership_version(
    DeploymentIdArg OrleansMembershipTable.DeploymentId%TYPE)
  RETURNS TABLE(row_count integer) AS
$func$
DECLARE
    RowCountVar int := 0;
BEGIN
    INSERT INTO OrleansMembershipVersionTable (DeploymentId)
    SELECT DeploymentIdArg
    ON CONFLICT (DeploymentId) DO NOTHING;
    GET DIAGNOSTICS RowCountVar = ROW_COUNT;
    RETURN QUERY SELECT RowCountVar;
END
$func$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION insert_membership(
    DeploymentIdArg OrleansMembershipTable.DeploymentId%TYPE,
    AddressArg OrleansMembershipTable.Address%TYPE,
    PortArg OrleansMembershipTable.Port%TYPE,
    GenerationArg OrleansMembershipTable.Generation%TYPE,
    SiloNameArg OrleansMembershipTable.SiloName%TYPE,
    HostNameArg OrleansMembershipTable.HostName%TYPE,
    StatusArg OrleansMembershipTable.Status%TYPE,
    ProxyPortArg OrleansMembershipTable.ProxyPort%TYPE,
    StartTimeArg OrleansMembershipTable.StartTime%TYPE,
    IAmAliveTimeArg OrleansMembershipTable.IAmAliveTime%TYPE,
    VersionArg OrleansMembershipVersionTable.Version%TYPE)
  RETURNS TABLE(row_count integer) AS
$func$
DECLARE
    RowCountVar int := 0;
BEGIN
    BEGIN
        INSERT INTO OrleansMembershipTable
            (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
        SELECT DeploymentIdArg, AddressArg, PortArg, GenerationArg, SiloNameArg, HostNameArg, StatusArg, ProxyPortArg, StartTimeArg, IAmAliveTimeArg
        ON CONFLICT (DeploymentId, Address, Port, Generation) DO NOTHING;
        GET DIAGNOSTICS RowCountVar = ROW_COUNT;

        -- The row goes in only with the version it was read at (optimistic concurrency): else both changes are undone.
        UPDATE OrleansMembershipVersionTable
        SET Timestamp = now(), Version = Version + 1
        WHERE DeploymentId = DeploymentIdArg AND DeploymentIdArg IS NOT NULL
          AND Version = VersionArg AND VersionArg IS NOT NULL
          AND RowCountVar > 0;
        GET DIAGNOSTICS RowCountVar = ROW_COUNT;

        ASSERT RowCountVar <> 0, 'no rows affected, rollback';
        RETURN QUERY SELECT RowCountVar;
    EXCEPTION
    WHEN assert_failure THEN
        RETURN QUERY SELECT RowCountVar;
    END;
END
$func$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION update_membership(
    DeploymentIdArg OrleansMembershipTable.DeploymentId%TYPE,
    AddressArg OrleansMembershipTable.Address%TYPE,
    PortArg OrleansMembershipTable.Port%TYPE,
    GenerationArg OrleansMembershipTable.Generation%TYPE,
    StatusArg OrleansMembershipTable.Status%TYPE,
    SuspectTimesArg OrleansMembershipTable.SuspectTimes%TYPE,
    IAmAliveTimeArg OrleansMembershipTable.IAmAliveTime%TYPE,
    VersionArg OrleansMembershipVersionTable.Version%TYPE)
  RETURNS TABLE(row_count integer) AS
$func$
DECLARE
    RowCountVar int := 0;
BEGIN
    BEGIN
        UPDATE OrleansMembershipVersionTable
        SET Timestamp = now(), Version = Version + 1
        WHERE DeploymentId = DeploymentIdArg AND DeploymentIdArg IS NOT NULL
          AND Version = VersionArg AND VersionArg IS NOT NULL;
        GET DIAGNOSTICS RowCountVar = ROW_COUNT;

        UPDATE OrleansMembershipTable
        SET Status = StatusArg, SuspectTimes = SuspectTimesArg, IAmAliveTime = IAmAliveTimeArg
        WHERE DeploymentId = DeploymentIdArg AND DeploymentIdArg IS NOT NULL
          AND Address = AddressArg AND AddressArg IS NOT NULL
          AND Port = PortArg AND PortArg IS NOT NULL
          AND Generation = GenerationArg AND GenerationArg IS NOT NULL
          AND RowCountVar > 0;
        GET DIAGNOSTICS RowCountVar = ROW_COUNT;

        ASSERT RowCountVar <> 0, 'no rows affected, rollback';
        RETURN QUERY SELECT RowCountVar;
    EXCEPTION
    WHEN assert_failure THEN
        RETURN QUERY SELECT RowCountVar;
    END;
END
$func$ LANGUAGE plpgsql;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('UpdateIAmAlivetimeKey', '
    SELECT * FROM update_i_am_alive_time(@DeploymentId, @Address, @Port, @Generation, @IAmAliveTime);
'),
('InsertMembershipVersionKey', '
    SELECT * FROM insert_membership_version(@DeploymentId);
'),
('InsertMembershipKey', '
    SELECT * FROM insert_membership(@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName, @Status, @ProxyPort,
        @StartTime, @IAmAliveTime, @Version);
'),
('UpdateMembershipKey', '
    SELECT * FROM update_membership(@DeploymentId, @Address, @Port, @Generation, @Status, @SuspectTimes, @IAmAliveTime, @Version);
'),
('MembershipReadRowKey', '
    SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort, m.SuspectTimes,
        m.StartTime, m.IAmAliveTime, v.Version
    FROM OrleansMembershipVersionTable v
    -- the version row comes back even when no silo row matches
    LEFT OUTER JOIN OrleansMembershipTable m ON v.DeploymentId = m.DeploymentId
        AND Address = @Address AND @Address IS NOT NULL
        AND Port = @Port AND @Port IS NOT NULL
        AND Generation = @Generation AND @Generation IS NOT NULL
    WHERE v.DeploymentId = @DeploymentId AND @DeploymentId IS NOT NULL;
'),
('MembershipReadAllKey', '
    SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort, m.SuspectTimes,
        m.StartTime, m.IAmAliveTime, v.Version
    FROM OrleansMembershipVersionTable v
    LEFT OUTER JOIN OrleansMembershipTable m ON v.DeploymentId = m.DeploymentId
    WHERE v.DeploymentId = @DeploymentId AND @DeploymentId IS NOT NULL;
'),
('DeleteMembershipTableEntriesKey', '
    DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId AND @DeploymentId IS NOT NULL;
    DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId AND @DeploymentId IS NOT NULL;
'),
('GatewaysQueryKey', '
    SELECT Address, ProxyPort, Generation
    FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId AND @DeploymentId IS NOT NULL
      AND Status = @Status AND @Status IS NOT NULL
      AND ProxyPort > 0;
'),
('CleanupDefunctSiloEntriesKey', '
    DELETE FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId AND @DeploymentId IS NOT NULL
      AND IAmAliveTime < @IAmAliveTime
      AND Status != 3;
'),
('CleanupDefunctSiloEntryKey', '
    DELETE FROM OrleansMembershipTable
    WHERE DeploymentId = @DeploymentId AND @DeploymentId IS NOT NULL
      AND Address = @Address AND @Address IS NOT NULL
      AND Port = @Port AND @Port IS NOT NULL
      AND Generation = @Generation AND @Generation IS NOT NULL
      AND Status != 3;
')
ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
