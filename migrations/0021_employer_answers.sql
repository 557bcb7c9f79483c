-- Employers answer promotions by e-mail (issue 20).
-- reply_ref: the promotion's reference in the answer links' subject and in the Message-ID
-- of its e-mail; random, never its id (a reply cannot name another promotion by guessing).
-- Made when the promotion is first e-mailed or written as a draft.
-- message_id: the Message-ID of the e-mail the server accepted, matched against a reply's
-- In-Reply-To and References.
ALTER TABLE promotions ADD COLUMN reply_ref TEXT;
ALTER TABLE promotions ADD COLUMN message_id TEXT;
CREATE UNIQUE INDEX promotions_reply_ref ON promotions(reply_ref) WHERE reply_ref IS NOT NULL;
CREATE UNIQUE INDEX promotions_message_id ON promotions(message_id) WHERE message_id IS NOT NULL;

-- The replies read from the counsellor's inbox that answer a promotion, each once
-- (`fingerprint`: its Message-ID, or the SHA-256 of the message without one). With a
-- one-click answer (`answer`, its code) it proposes an event the counsellor confirms or
-- corrects; a free-text reply waits to be read. The employer's words are personal data:
-- they go with the candidate's erasure, like the events' comments.
CREATE TABLE employer_replies (
    id INTEGER PRIMARY KEY,
    promotion_id INTEGER NOT NULL REFERENCES promotions(id) ON DELETE CASCADE,
    fingerprint TEXT NOT NULL UNIQUE,
    received_at TEXT NOT NULL,
    read_at TEXT NOT NULL,
    sender TEXT NOT NULL,
    subject TEXT NOT NULL,
    words TEXT NOT NULL,
    answer TEXT,
    status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'confirmed', 'corrected', 'dismissed', 'read')),
    settled_at TEXT,
    event_id INTEGER REFERENCES promotion_events(id)
);
CREATE INDEX employer_replies_promotion ON employer_replies(promotion_id);
CREATE INDEX employer_replies_pending ON employer_replies(received_at) WHERE status = 'pending';

-- Paramètres → Messagerie: the inbox the replies are read from (IMAP over TLS or STARTTLS
-- only; its password in the OS keychain), and where the last reading stopped.
ALTER TABLE mail_settings ADD COLUMN imap_host TEXT NOT NULL DEFAULT '';
ALTER TABLE mail_settings ADD COLUMN imap_port INTEGER NOT NULL DEFAULT 993;
ALTER TABLE mail_settings ADD COLUMN imap_security TEXT NOT NULL DEFAULT 'tls' CHECK (imap_security IN ('tls', 'starttls'));
ALTER TABLE mail_settings ADD COLUMN imap_username TEXT NOT NULL DEFAULT '';
ALTER TABLE mail_settings ADD COLUMN imap_uid_validity INTEGER;
ALTER TABLE mail_settings ADD COLUMN imap_last_uid INTEGER NOT NULL DEFAULT 0;
ALTER TABLE mail_settings ADD COLUMN imap_checked_at TEXT;
ALTER TABLE mail_settings ADD COLUMN imap_last_error TEXT;
