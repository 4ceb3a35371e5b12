-- airlock store, version 4: a LAN device's own state, so that it can be
-- quarantined and released like a SIM. A device with a SIM follows the
-- SIM's state; this column is changed only by quarantine and release.
ALTER TABLE device ADD COLUMN state TEXT NOT NULL DEFAULT 'active'
	CHECK (state IN ('active', 'quarantined'));
