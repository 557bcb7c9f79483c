-- Pitch templates of one's own (issue 21, part 3).

-- The counsellor's templates: a title (unique once folded: case and accents aside, and
-- never one of the built-in templates' titles, which the core checks), the e-mail subject
-- and the body, both with the merge fields of `promotions::pitch` (checked by the core on
-- every save and import). The three built-in templates live in the code, not here.
CREATE TABLE pitch_templates (
    id         INTEGER PRIMARY KEY,
    title      TEXT NOT NULL,
    title_key  TEXT NOT NULL UNIQUE,     -- fold(title)
    subject    TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL,            -- RFC 3339, UTC
    updated_at TEXT NOT NULL
) STRICT;

-- The template « Promouvoir » starts from when the candidate's first target job is in a
-- ROME domain (its letter: D = commerce): a built-in one (its code) or one of the table
-- above. Deleting a template removes the defaults it held: the domain falls back to the
-- first built-in template.
CREATE TABLE pitch_template_defaults (
    domain      TEXT PRIMARY KEY CHECK (length(domain) = 1 AND domain GLOB '[A-Z]'),
    builtin     TEXT CHECK (builtin IN ('short', 'aids', 'offer')),
    template_id INTEGER REFERENCES pitch_templates (id) ON DELETE CASCADE,
    CHECK ((builtin IS NULL) <> (template_id IS NULL))
) STRICT;
CREATE INDEX pitch_template_defaults_template ON pitch_template_defaults (template_id);

-- The e-mail subject of a promotion, filled from the chosen template's subject when it was
-- created (as its pitch is). NULL: made before templates had a subject, or without one;
-- its e-mail then takes the subject of Paramètres → Messagerie, as before.
ALTER TABLE promotions ADD COLUMN subject TEXT;
