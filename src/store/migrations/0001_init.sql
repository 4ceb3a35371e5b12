-- airlock store, version 1: the fleet registry, events, audit and API tokens.
-- Times are Unix seconds (UTC). Enumerations are stored as their text names
-- so that the database reads well from the sqlite3 shell. Their CHECKs are
-- spelt as OR chains: SQLite compiles an IN list of three or more constants
-- into a temporary b-tree built on every insert, which halves the bulk
-- import rate.

CREATE TABLE profile (
	name        TEXT PRIMARY KEY,
	description TEXT NOT NULL DEFAULT '',
	mud         TEXT NOT NULL,           -- RFC 8520 MUD document (JSON)
	created     INTEGER NOT NULL,
	updated     INTEGER NOT NULL
);

CREATE TABLE sim (
	iccid       TEXT PRIMARY KEY,
	imsi        TEXT UNIQUE,
	msisdn      TEXT UNIQUE,
	apn         TEXT NOT NULL DEFAULT '',
	static_ip   TEXT UNIQUE,
	state       TEXT NOT NULL DEFAULT 'active'
	            CHECK (state = 'active' OR state = 'suspended' OR
	                   state = 'quarantined' OR state = 'blocked'),
	imei_policy TEXT NOT NULL DEFAULT 'off'
	            CHECK (imei_policy = 'off' OR imei_policy = 'learn' OR
	                   imei_policy = 'fixed'),
	imei_match  TEXT NOT NULL DEFAULT 'full'
	            CHECK (imei_match = 'full' OR imei_match = 'tac'),
	bound_imei  TEXT,
	data_limit  INTEGER NOT NULL DEFAULT 0,
	profile     TEXT,
	labels      TEXT NOT NULL DEFAULT '',
	created     INTEGER NOT NULL,
	updated     INTEGER NOT NULL,
	last_seen   INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX sim_state ON sim(state);

CREATE TABLE device (
	id          INTEGER PRIMARY KEY,
	name        TEXT NOT NULL DEFAULT '',
	sim         TEXT UNIQUE REFERENCES sim(iccid) ON DELETE SET NULL,
	mac         TEXT UNIQUE,
	ip          TEXT UNIQUE,
	vendor      TEXT NOT NULL DEFAULT '',
	model       TEXT NOT NULL DEFAULT '',
	firmware    TEXT NOT NULL DEFAULT '',
	profile     TEXT,
	risk_score  INTEGER NOT NULL DEFAULT -1,  -- -1: never scanned
	last_scan   INTEGER NOT NULL DEFAULT 0,
	public_key  TEXT,                         -- IoT SAFE identity, later
	certificate TEXT,
	created     INTEGER NOT NULL,
	updated     INTEGER NOT NULL
);

CREATE TABLE session (
	id              INTEGER PRIMARY KEY,
	nas             TEXT NOT NULL,
	acct_session_id TEXT NOT NULL,
	iccid           TEXT,
	framed_ip       TEXT,
	imsi            TEXT,
	imei            TEXT,
	started         INTEGER NOT NULL,
	stopped         INTEGER NOT NULL DEFAULT 0,
	octets_in       INTEGER NOT NULL DEFAULT 0,  -- Gigawords folded in
	octets_out      INTEGER NOT NULL DEFAULT 0,
	UNIQUE (nas, acct_session_id)
);

CREATE TABLE event (
	id           INTEGER PRIMARY KEY,
	created      INTEGER NOT NULL,
	type         TEXT NOT NULL,
	severity     TEXT NOT NULL
	             CHECK (severity = 'info' OR severity = 'low' OR
	                    severity = 'medium' OR severity = 'high' OR
	                    severity = 'critical'),
	subject      TEXT NOT NULL DEFAULT '',
	window_start INTEGER NOT NULL DEFAULT 0,
	window_end   INTEGER NOT NULL DEFAULT 0,
	evidence     TEXT NOT NULL DEFAULT '{}',
	response     TEXT NOT NULL DEFAULT 'none',
	status       TEXT NOT NULL DEFAULT 'open'
	             CHECK (status = 'open' OR status = 'acknowledged' OR
	                    status = 'resolved'),
	acked_by     TEXT,
	acked_at     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX event_status ON event(status, id);

CREATE TABLE audit (
	id      INTEGER PRIMARY KEY,
	ts      INTEGER NOT NULL,
	actor   TEXT NOT NULL,
	action  TEXT NOT NULL,
	object  TEXT NOT NULL DEFAULT '',
	reason  TEXT NOT NULL DEFAULT '',
	details TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_object ON audit(object, id);

CREATE TABLE token (
	id         INTEGER PRIMARY KEY,
	name       TEXT NOT NULL UNIQUE,
	role       TEXT NOT NULL
	           CHECK (role = 'viewer' OR role = 'operator' OR role = 'admin'),
	hash       BLOB NOT NULL UNIQUE,          -- SHA-256 of the token
	created    INTEGER NOT NULL,
	created_by TEXT NOT NULL,
	revoked    INTEGER NOT NULL DEFAULT 0
);
