-- airlock store, version 5: the scanner role's audits (docs/scanner.md).
-- A scan is queued (by the API, the schedule or a device's first
-- appearance), run by the scanner role, and leaves:
--   risk:    each address's latest result (score, grade, the report);
--   finding: each finding's life on an address, from the scan that first
--            saw it to the scan that saw it gone (fixed_scan, 0: open).
-- What a scan changed is the findings it opened and the ones it closed.

CREATE TABLE scan (
	id        INTEGER PRIMARY KEY,
	created   INTEGER NOT NULL,
	started   INTEGER NOT NULL DEFAULT 0,
	finished  INTEGER NOT NULL DEFAULT 0,
	trigger   TEXT NOT NULL
	          CHECK (trigger = 'api' OR trigger = 'schedule' OR
	                 trigger = 'appearance'),
	requester TEXT NOT NULL DEFAULT '',   -- the API token's name
	targets   TEXT NOT NULL,              -- as asked: addresses, prefixes
	state     TEXT NOT NULL DEFAULT 'queued'
	          CHECK (state = 'queued' OR state = 'running' OR
	                 state = 'done' OR state = 'failed'),
	addresses INTEGER NOT NULL DEFAULT 0, -- to scan, once expanded
	scanned   INTEGER NOT NULL DEFAULT 0, -- so far
	up        INTEGER NOT NULL DEFAULT 0, -- answered on some port
	opened    INTEGER NOT NULL DEFAULT 0, -- findings new in this scan
	fixed     INTEGER NOT NULL DEFAULT 0, -- findings gone in this scan
	error     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX scan_queued ON scan(id) WHERE state = 'queued';

CREATE TABLE risk (
	addr    TEXT PRIMARY KEY,
	scan    INTEGER NOT NULL,
	scanned INTEGER NOT NULL,
	up      INTEGER NOT NULL,             -- 0: no port answered
	score   INTEGER NOT NULL,
	grade   TEXT NOT NULL,
	report  TEXT NOT NULL                 -- the host, as `airlock scan --json`
) WITHOUT ROWID;
CREATE INDEX risk_grade ON risk(grade);

CREATE TABLE finding (
	id         INTEGER PRIMARY KEY,
	addr       TEXT NOT NULL,
	kind       TEXT NOT NULL,
	proto      TEXT NOT NULL DEFAULT 'tcp'
	           CHECK (proto = 'tcp' OR proto = 'udp'),
	port       INTEGER NOT NULL DEFAULT 0,
	cve        TEXT NOT NULL DEFAULT '',    -- a vulnerable version's
	severity   TEXT NOT NULL
	           CHECK (severity = 'info' OR severity = 'low' OR
	                  severity = 'medium' OR severity = 'high' OR
	                  severity = 'critical'),
	evidence   TEXT NOT NULL DEFAULT '',
	first_scan INTEGER NOT NULL,
	first_seen INTEGER NOT NULL,
	last_scan  INTEGER NOT NULL,
	last_seen  INTEGER NOT NULL,
	fixed_scan INTEGER NOT NULL DEFAULT 0,
	fixed_at   INTEGER NOT NULL DEFAULT 0
);
-- one open finding of a kind on a port of an address (and per CVE)
CREATE UNIQUE INDEX finding_open ON finding(addr, kind, proto, port, cve)
	WHERE fixed_scan = 0;
CREATE INDEX finding_addr ON finding(addr, id);
CREATE INDEX finding_first ON finding(first_scan);
CREATE INDEX finding_fixed ON finding(fixed_scan) WHERE fixed_scan != 0;
-- the fleet's open findings by severity (the summary, a severity filter)
CREATE INDEX finding_open_severity ON finding(severity, id)
	WHERE fixed_scan = 0;
