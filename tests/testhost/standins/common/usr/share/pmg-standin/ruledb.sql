-- Sample rule database for the PMG test host. The table and column names
-- follow PMG's rule database loosely. The rows are generated from fixed
-- series, so every image contains the same data and a test can compare counts
-- and checksums before and after an upgrade.

CREATE TABLE Objectgroup (
    ID SERIAL PRIMARY KEY,
    Name VARCHAR(255) NOT NULL,
    Info VARCHAR(255) NULL,
    Class VARCHAR(10) NOT NULL
);

CREATE TABLE Object (
    ID SERIAL PRIMARY KEY,
    ObjectType INTEGER NOT NULL,
    Objectgroup_ID INTEGER NOT NULL REFERENCES Objectgroup (ID) ON DELETE CASCADE,
    Value TEXT NOT NULL
);

CREATE TABLE Rule (
    ID SERIAL PRIMARY KEY,
    Name VARCHAR(255) NOT NULL,
    Priority INTEGER NOT NULL,
    Active INTEGER NOT NULL DEFAULT 0,
    Direction INTEGER NOT NULL DEFAULT 2,
    Count INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE RuleGroup (
    Objectgroup_ID INTEGER NOT NULL REFERENCES Objectgroup (ID) ON DELETE CASCADE,
    Rule_ID INTEGER NOT NULL REFERENCES Rule (ID) ON DELETE CASCADE,
    Grouptype INTEGER NOT NULL,
    PRIMARY KEY (Objectgroup_ID, Rule_ID, Grouptype)
);

CREATE TABLE CStatistic (
    CID INTEGER NOT NULL,
    RID INTEGER NOT NULL,
    ID SERIAL UNIQUE,
    Time INTEGER NOT NULL,
    Bytes INTEGER NOT NULL,
    Direction BOOLEAN NOT NULL,
    Spamlevel INTEGER NOT NULL,
    VirusInfo VARCHAR(255) NULL,
    PTime INTEGER NOT NULL,
    Sender VARCHAR(255) NOT NULL,
    PRIMARY KEY (CID, RID)
);

CREATE TABLE CReceivers (
    CStatistic_CID INTEGER NOT NULL,
    CStatistic_RID INTEGER NOT NULL,
    Receiver VARCHAR(255) NOT NULL,
    Blocked BOOLEAN NOT NULL,
    PRIMARY KEY (CStatistic_CID, CStatistic_RID, Receiver),
    FOREIGN KEY (CStatistic_CID, CStatistic_RID) REFERENCES CStatistic (CID, RID) ON DELETE CASCADE
);

CREATE INDEX CStatistic_Time_Index ON CStatistic (Time);

-- 12 object groups: 4 of each class.
INSERT INTO Objectgroup (Name, Info, Class)
SELECT format('%s group %s', class, n), format('sample %s group %s', class, n), class
FROM unnest(ARRAY['who', 'what', 'when']) AS class, generate_series(1, 4) AS n
ORDER BY class, n;

-- 120 objects: 10 per group.
INSERT INTO Object (ObjectType, Objectgroup_ID, Value)
SELECT 1000 + (g.ID % 3), g.ID, format('user%s@group%s.example.org', n, g.ID)
FROM Objectgroup g, generate_series(1, 10) AS n
ORDER BY g.ID, n;

-- 24 rules.
INSERT INTO Rule (Name, Priority, Active, Direction, Count)
SELECT format('Sample rule %s', n), 100 - n, n % 2, n % 3, n * 7
FROM generate_series(1, 24) AS n;

-- 48 rule-to-group links: each rule uses two groups.
INSERT INTO RuleGroup (Objectgroup_ID, Rule_ID, Grouptype)
SELECT 1 + ((r.ID + k) % 12), r.ID, k
FROM Rule r, generate_series(0, 1) AS k;

-- 300 mail statistics rows with fixed times in November 2023.
INSERT INTO CStatistic (CID, RID, Time, Bytes, Direction, Spamlevel, VirusInfo, PTime, Sender)
SELECT 1, n, 1698796800 + n * 600, 1000 + n * 37, n % 4 <> 0, n % 10,
       CASE WHEN n % 50 = 0 THEN 'Eicar-Test-Signature' END,
       n % 900, format('sender%s@example.net', n)
FROM generate_series(1, 300) AS n;

-- 450 receivers: every statistics row has one, every second row a second one.
INSERT INTO CReceivers (CStatistic_CID, CStatistic_RID, Receiver, Blocked)
SELECT 1, n, format('rcpt%s@example.org', n), n % 7 = 0
FROM generate_series(1, 300) AS n
UNION ALL
SELECT 1, n, format('copy%s@example.org', n), false
FROM generate_series(2, 300, 2) AS n;
