-- airlock store, version 2: what the RADIUS role needs. A profile's RADIUS
-- settings, the last IMEI a NAS reported for each SIM, the 3GPP details of
-- accounting sessions, and usage per SIM and day. Enumerations keep 0001's
-- OR-chain CHECKs; -1 in an integer setting means "the global setting in
-- airlockd.conf".

-- The IMEISV of the SIM's last attach, whatever its binding says: what the
-- API compares with bound_imei to show a SIM that moved to another device.
ALTER TABLE sim ADD COLUMN last_imei TEXT;

-- A profile holds no IMEI of its own, so it can ask for learning but never
-- for a fixed binding: 'fixed' is refused here too, not only by the API, so
-- that no writer (a script on the sqlite3 shell, a future backend) can
-- leave the radius role a policy it cannot apply.
ALTER TABLE profile ADD COLUMN imei_policy TEXT NOT NULL DEFAULT 'off'
	CHECK (imei_policy = 'off' OR imei_policy = 'learn');
ALTER TABLE profile ADD COLUMN imei_match TEXT NOT NULL DEFAULT 'full'
	CHECK (imei_match = 'full' OR imei_match = 'tac');
-- '' follows imei-mismatch in airlockd.conf.
ALTER TABLE profile ADD COLUMN imei_mismatch TEXT NOT NULL DEFAULT ''
	CHECK (imei_mismatch = '' OR imei_mismatch = 'reject' OR
	       imei_mismatch = 'alert');
ALTER TABLE profile ADD COLUMN session_timeout INTEGER NOT NULL DEFAULT -1;
ALTER TABLE profile ADD COLUMN interim_interval INTEGER NOT NULL DEFAULT -1;

-- -1: the NAS did not send it.
ALTER TABLE session ADD COLUMN nas_ip TEXT NOT NULL DEFAULT '';
ALTER TABLE session ADD COLUMN nsapi INTEGER NOT NULL DEFAULT -1;
ALTER TABLE session ADD COLUMN charging_id INTEGER NOT NULL DEFAULT -1;
ALTER TABLE session ADD COLUMN rat_type INTEGER NOT NULL DEFAULT -1;
ALTER TABLE session ADD COLUMN updated INTEGER NOT NULL DEFAULT 0;
ALTER TABLE session ADD COLUMN stop_cause INTEGER NOT NULL DEFAULT 0;
-- A SIM's sessions, newest first.
CREATE INDEX session_iccid ON session(iccid, id);
-- The open sessions, newest first: a small index however long the history,
-- kept only for rows with stopped = 0.
CREATE INDEX session_open ON session(id) WHERE stopped = 0;

-- Octets per SIM and UTC day (days since 1970-01-01). No foreign key to
-- sim: usage is billing history and outlives a deleted SIM.
CREATE TABLE usage (
	iccid      TEXT NOT NULL,
	day        INTEGER NOT NULL,
	octets_in  INTEGER NOT NULL DEFAULT 0,
	octets_out INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (iccid, day)
) WITHOUT ROWID;

-- The accounting journal: the radius role's writer appends each batch here
-- (sequential pages, no index: cheap to commit) and folds it into session
-- and usage about once a second (store_sqlite_radius.c). Same columns as
-- the tables they feed.
CREATE TABLE session_journal (
	id              INTEGER PRIMARY KEY,
	nas             TEXT NOT NULL,
	nas_ip          TEXT NOT NULL DEFAULT '',
	acct_session_id TEXT NOT NULL,
	iccid           TEXT,
	imsi            TEXT,
	imei            TEXT,
	framed_ip       TEXT,
	nsapi           INTEGER NOT NULL DEFAULT -1,
	charging_id     INTEGER NOT NULL DEFAULT -1,
	rat_type        INTEGER NOT NULL DEFAULT -1,
	started         INTEGER NOT NULL,
	updated         INTEGER NOT NULL,
	stopped         INTEGER NOT NULL DEFAULT 0,
	stop_cause      INTEGER NOT NULL DEFAULT 0,
	octets_in       INTEGER NOT NULL DEFAULT 0,
	octets_out      INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE usage_journal (
	id         INTEGER PRIMARY KEY,
	iccid      TEXT NOT NULL,
	day        INTEGER NOT NULL,
	octets_in  INTEGER NOT NULL DEFAULT 0,
	octets_out INTEGER NOT NULL DEFAULT 0
);
