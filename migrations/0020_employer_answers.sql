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
