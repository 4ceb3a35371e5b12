-- airlock store, version 3: the device zone's counters, per address and
-- UTC day (days since 1970-01-01), read from the kernel's dynamic sets by
-- the enforcer: packets from the Internet dropped before they reached the
-- address (blocked), and packets its profile did not allow (violations).
CREATE TABLE exposure (
	addr       TEXT NOT NULL,
	day        INTEGER NOT NULL,
	blocked    INTEGER NOT NULL DEFAULT 0,
	violations INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (addr, day)
) WITHOUT ROWID;
