-- Profilence team mode, PostgreSQL 15: the functions the core's SQL calls, under the names
-- SQLite gives them and with the results SQLite (and the core's own Rust functions) give,
-- so that one query text runs on both stores (`store`, CONTRIBUTING.md « Two stores »).
--
-- Runs in one transaction on an empty database, as its owner: no superuser, no extension.
-- It needs a UTF8 database (`normalize`) and a server built with ICU (collation
-- "und-x-icu", which Debian's, the PGDG and the Windows packages all have).
--
-- What SQLite gives that PostgreSQL cannot take under the same text (`char(…)` and
-- `time(…)` are keywords there, `round(x)` and `substr` already exist with other rules,
-- `CAST(x AS REAL)` is a 4-byte float…) is listed in the report of this migration; the
-- core's statements that need them go through the store's dialect hook.
--
-- Every object is created in the first schema of the search path (normally `public`);
-- the app's sessions must have that schema in their search path.

-- ---------------------------------------------------------------------------------------
-- Text
-- ---------------------------------------------------------------------------------------

-- `fold(text)`: the core's `text::fold` (crates/profilence-core/src/text.rs): Unicode NFD,
-- combining marks (General_Category M*) dropped, œ/Œ → oe, æ/Æ → ae, ß → ss, ’ ʼ ` → ',
-- then each character in lower case (Rust's `char::to_lowercase`, no context).
-- Checked against the Rust function on every code point (identical on all those assigned
-- in Unicode 14, PostgreSQL 15's tables; a character assigned later may differ) and on
-- mixed strings. Not `unaccent`: its rules differ from NFD on about 15,600 characters
-- (« » ½ Ø Þ…) and it leaves most combining marks. ICU's lower case is Rust's except for
-- the final sigma (ICU writes ς at the end of a word, Rust σ): Σ is lowered first.
CREATE FUNCTION fold(t text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
    SELECT lower(
        replace(replace(replace(replace(replace(replace(replace(replace(replace(
            regexp_replace(normalize(t, NFD), '[\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u05bf\u05c1-\u05c2\u05c4-\u05c5\u05c7-\u05c9\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06dc\u06df-\u06e4\u06e7-\u06e8\u06ea-\u06ed\u0711\u0730-\u074a\u07a6-\u07b0\u07eb-\u07f3\u07fd\u0816-\u0819\u081b-\u0823\u0825-\u0827\u0829-\u082d\u0859-\u085b\u0897-\u089f\u08ca-\u08e1\u08e3-\u0903\u093a-\u093c\u093e-\u094f\u0951-\u0957\u0962-\u0963\u0981-\u0983\u09bc\u09be-\u09c4\u09c7-\u09c8\u09cb-\u09cd\u09d7\u09e2-\u09e3\u09fe\u0a01-\u0a03\u0a3c\u0a3e-\u0a42\u0a47-\u0a48\u0a4b-\u0a4d\u0a51\u0a70-\u0a71\u0a75\u0a81-\u0a83\u0abc\u0abe-\u0ac5\u0ac7-\u0ac9\u0acb-\u0acd\u0ae2-\u0ae3\u0afa-\u0aff\u0b01-\u0b03\u0b3c\u0b3e-\u0b44\u0b47-\u0b48\u0b4b-\u0b4d\u0b53-\u0b57\u0b62-\u0b63\u0b82\u0bbe-\u0bc2\u0bc6-\u0bc8\u0bca-\u0bcd\u0bd7\u0c00-\u0c04\u0c3c\u0c3e-\u0c44\u0c46-\u0c48\u0c4a-\u0c4d\u0c55-\u0c56\u0c62-\u0c63\u0c81-\u0c83\u0cbc\u0cbe-\u0cc4\u0cc6-\u0cc8\u0cca-\u0ccd\u0cd5-\u0cd6\u0ce2-\u0ce3\u0cf3\u0d00-\u0d03\u0d3b-\u0d3c\u0d3e-\u0d44\u0d46-\u0d48\u0d4a-\u0d4d\u0d57\u0d62-\u0d63\u0d81-\u0d83\u0dca\u0dcf-\u0dd4\u0dd6\u0dd8-\u0ddf\u0df2-\u0df3\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u0eb1\u0eb4-\u0ebc\u0ec8-\u0ece\u0f18-\u0f19\u0f35\u0f37\u0f39\u0f3e-\u0f3f\u0f71-\u0f84\u0f86-\u0f87\u0f8d-\u0f97\u0f99-\u0fbc\u0fc6\u102b-\u103e\u1056-\u1059\u105e-\u1060\u1062-\u1064\u1067-\u106d\u1071-\u1074\u1082-\u108d\u108f\u109a-\u109d\u135d-\u135f\u1712-\u1715\u1732-\u1734\u1752-\u1753\u1772-\u1773\u17b4-\u17d3\u17dd\u180b-\u180d\u180f\u1885-\u1886\u18a9\u1920-\u192b\u1930-\u193b\u1a17-\u1a1b\u1a55-\u1a5e\u1a60-\u1a7c\u1a7f\u1ab0-\u1af0\u1b00-\u1b04\u1b34-\u1b44\u1b6b-\u1b73\u1b80-\u1b82\u1ba1-\u1bad\u1be6-\u1bf3\u1c24-\u1c37\u1cd0-\u1cd2\u1cd4-\u1ce8\u1ced\u1cf4\u1cf7-\u1cf9\u1dc0-\u1dff\u20d0-\u20f0\u2cef-\u2cf1\u2d7f\u2de0-\u2dff\u302a-\u302f\u3099-\u309a\ua66f-\ua672\ua674-\ua67d\ua69e-\ua69f\ua6f0-\ua6f1\ua802\ua806\ua80b\ua823-\ua827\ua82c\ua880-\ua881\ua8b4-\ua8c5\ua8e0-\ua8f1\ua8ff\ua926-\ua92d\ua947-\ua953\ua980-\ua983\ua9b3-\ua9c0\ua9e5\uaa29-\uaa36\uaa43\uaa4c-\uaa4d\uaa7b-\uaa7d\uaab0\uaab2-\uaab4\uaab7-\uaab8\uaabe-\uaabf\uaac1\uaaeb-\uaaef\uaaf5-\uaaf6\uabe3-\uabea\uabec-\uabed\ufb1e\ufe00-\ufe0f\ufe20-\ufe2f\U000101fd\U000102e0\U00010376-\U0001037a\U00010a01-\U00010a03\U00010a05-\U00010a06\U00010a0c-\U00010a0f\U00010a38-\U00010a3a\U00010a3f\U00010ae5-\U00010ae6\U00010d24-\U00010d27\U00010d69-\U00010d6d\U00010eab-\U00010eac\U00010ecb-\U00010ecf\U00010ef0-\U00010eff\U00010f46-\U00010f50\U00010f82-\U00010f85\U00011000-\U00011002\U00011038-\U00011046\U00011070\U00011073-\U00011074\U0001107f-\U00011082\U000110b0-\U000110ba\U000110c2\U00011100-\U00011102\U00011127-\U00011134\U00011145-\U00011146\U00011173\U00011180-\U00011182\U000111b3-\U000111c0\U000111c9-\U000111cc\U000111ce-\U000111cf\U0001122c-\U00011237\U0001123e\U00011241\U000112df-\U000112ea\U00011300-\U00011303\U0001133b-\U0001133c\U0001133e-\U00011344\U00011347-\U00011348\U0001134b-\U0001134d\U00011357\U00011362-\U00011363\U00011366-\U0001136c\U00011370-\U00011374\U000113b8-\U000113c0\U000113c2\U000113c5\U000113c7-\U000113ca\U000113cc-\U000113d0\U000113d2\U000113e1-\U000113e2\U00011435-\U00011446\U0001145e\U000114b0-\U000114c3\U000115af-\U000115b5\U000115b8-\U000115c0\U000115dc-\U000115dd\U00011630-\U00011640\U000116ab-\U000116b7\U0001171d-\U0001172b\U0001182c-\U0001183a\U00011930-\U00011935\U00011937-\U00011938\U0001193b-\U0001193e\U00011940\U00011942-\U00011943\U000119d1-\U000119d7\U000119da-\U000119e0\U000119e4\U00011a01-\U00011a0a\U00011a33-\U00011a39\U00011a3b-\U00011a3e\U00011a47\U00011a51-\U00011a5b\U00011a8a-\U00011a99\U00011b60-\U00011b67\U00011c2f-\U00011c36\U00011c38-\U00011c3f\U00011c92-\U00011ca7\U00011ca9-\U00011cb6\U00011d31-\U00011d36\U00011d3a\U00011d3c-\U00011d3d\U00011d3f-\U00011d45\U00011d47\U00011d8a-\U00011d8e\U00011d90-\U00011d91\U00011d93-\U00011d97\U00011df0\U00011ef3-\U00011ef6\U00011f00-\U00011f01\U00011f03\U00011f34-\U00011f3a\U00011f3e-\U00011f42\U00011f5a\U00013440\U00013447-\U00013455\U0001611e-\U0001612f\U00016af0-\U00016af4\U00016b30-\U00016b36\U00016f4f\U00016f51-\U00016f87\U00016f8f-\U00016f92\U00016fe4\U00016ff0-\U00016ff1\U0001bc9d-\U0001bc9e\U0001cf00-\U0001cf2d\U0001cf30-\U0001cf46\U0001d127-\U0001d128\U0001d165-\U0001d169\U0001d16d-\U0001d172\U0001d17b-\U0001d182\U0001d185-\U0001d18b\U0001d1aa-\U0001d1ad\U0001d242-\U0001d244\U0001d250-\U0001d252\U0001d25b-\U0001d25c\U0001d25f\U0001d280-\U0001d281\U0001da00-\U0001da36\U0001da3b-\U0001da6c\U0001da75\U0001da84\U0001da9b-\U0001da9f\U0001daa1-\U0001daaf\U0001e000-\U0001e006\U0001e008-\U0001e018\U0001e01b-\U0001e021\U0001e023-\U0001e024\U0001e026-\U0001e02a\U0001e08f\U0001e130-\U0001e136\U0001e2ae\U0001e2ec-\U0001e2ef\U0001e4ec-\U0001e4ef\U0001e5ee-\U0001e5ef\U0001e6e3\U0001e6e6\U0001e6ee-\U0001e6ef\U0001e6f5\U0001e8d0-\U0001e8d6\U0001e944-\U0001e94a\U000e0100-\U000e01ef]', '', 'g'),
            'œ', 'oe'), 'Œ', 'oe'), 'æ', 'ae'), 'Æ', 'ae'), 'ß', 'ss'),
            '’', ''''), 'ʼ', ''''), '`', ''''), 'Σ', 'σ')
        COLLATE "und-x-icu")
$fn$;

-- SQLite's NOCASE collation, as `x COLLATE NOCASE` names it (identifiers fold to lower
-- case): equal when equal but for case. SQLite folds A-Z only and sorts by bytes after
-- that; ICU folds every script's case and sorts as ICU's root locale does: « Évry » sorts
-- among the E here, after every ASCII name in SQLite. Equality differs only for non-ASCII
-- letters (é = É here, not in SQLite). PostgreSQL refuses LIKE under it.
CREATE COLLATION nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);

-- `instr(haystack, needle)`: 1-based position, 0 when absent, NULL when either is NULL.
CREATE FUNCTION instr(haystack text, needle text) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$ SELECT strpos(haystack, needle) $fn$;
CREATE FUNCTION instr(haystack bytea, needle bytea) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$ SELECT position(needle IN haystack) $fn$;

-- `unicode(text)`: the code point of the first character; NULL for '' (PostgreSQL's
-- `ascii('')` is 0).
CREATE FUNCTION unicode(t text) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$ SELECT CASE WHEN t = '' THEN NULL ELSE ascii(t) END $fn$;

-- `hex(x)`: upper-case hexadecimal of a blob, of a text's UTF-8 bytes, of an integer's
-- decimal text (SQLite's hex(255) is '323535', not 'FF').
CREATE FUNCTION hex(b bytea) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$ SELECT upper(encode(b, 'hex')) $fn$;
CREATE FUNCTION hex(t text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$ SELECT upper(encode(convert_to(t, 'UTF8'), 'hex')) $fn$;
CREATE FUNCTION hex(n bigint) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$ SELECT upper(encode(convert_to(n::text, 'UTF8'), 'hex')) $fn$;

-- `randomblob(n)`: n random bytes (1 when n < 1), from the server's strong random source
-- (`gen_random_uuid`, built in since PostgreSQL 13; only the bits of each UUID that are
-- random are kept): the promotions' `reply_ref` is made from it and must not be guessed.
CREATE FUNCTION randomblob(n bigint) RETURNS bytea
LANGUAGE plpgsql VOLATILE PARALLEL SAFE AS $fn$
DECLARE
    wanted integer := greatest(coalesce(n, 1), 1)::integer;
    out bytea := ''::bytea;
    u bytea;
BEGIN
    WHILE length(out) < wanted LOOP
        u := uuid_send(gen_random_uuid());
        -- Bytes 0-5 and 9-15 of a version-4 UUID are random; 6 and 8 carry its version
        -- and variant, 7 is random but kept out for simplicity.
        out := out || substring(u FROM 1 FOR 6) || substring(u FROM 10 FOR 7);
    END LOOP;
    RETURN substring(out FROM 1 FOR wanted);
END
$fn$;

-- `likely(x)`, `unlikely(x)`, `likelihood(x, p)`: planner hints in SQLite, x itself.
CREATE FUNCTION likely(x anyelement) RETURNS anyelement
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$ SELECT x $fn$;
CREATE FUNCTION unlikely(x anyelement) RETURNS anyelement
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$ SELECT x $fn$;
CREATE FUNCTION likely(x text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$ SELECT x $fn$;
CREATE FUNCTION unlikely(x text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$ SELECT x $fn$;
CREATE FUNCTION likelihood(x anyelement, p double precision) RETURNS anyelement
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$ SELECT x $fn$;

-- Unary `+` on text: SQLite's way of keeping a column out of an index (`+c.last_sent_at IS
-- NULL`), the value itself. PostgreSQL has unary + for numbers only.
CREATE FUNCTION _text_unary_plus(t text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$ SELECT t $fn$;
CREATE OPERATOR + (RIGHTARG = text, FUNCTION = _text_unary_plus);

-- ---------------------------------------------------------------------------------------
-- Scalars SQLite has and PostgreSQL names otherwise
-- ---------------------------------------------------------------------------------------

-- `ifnull(a, b)`: coalesce.
CREATE FUNCTION ifnull(a anycompatible, b anycompatible) RETURNS anycompatible
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$ SELECT coalesce(a, b) $fn$;

-- `iif(condition, then, else)` and `iif(condition, then)` (NULL otherwise), the condition
-- a boolean or, as SQLite's flags are, an integer (true when not 0).
CREATE FUNCTION iif(c boolean, a anycompatible, b anycompatible) RETURNS anycompatible
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$ SELECT CASE WHEN c THEN a ELSE b END $fn$;
CREATE FUNCTION iif(c bigint, a anycompatible, b anycompatible) RETURNS anycompatible
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$ SELECT CASE WHEN c <> 0 THEN a ELSE b END $fn$;
CREATE FUNCTION iif(c boolean, a text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$ SELECT CASE WHEN c THEN a END $fn$;
CREATE FUNCTION iif(c boolean, a anyelement) RETURNS anyelement
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$ SELECT CASE WHEN c THEN a END $fn$;
CREATE FUNCTION iif(c bigint, a anyelement) RETURNS anyelement
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$ SELECT CASE WHEN c <> 0 THEN a END $fn$;

-- `max(a, b, …)` and `min(a, b, …)` with two arguments or more: SQLite's scalar forms
-- (one argument stays PostgreSQL's aggregate). NULL as soon as one argument is NULL
-- (`greatest`/`least` skip NULLs). Arguments of one family: max(0, 1.5) is fine,
-- max(1, 'a') is refused (SQLite would compare across types).
CREATE FUNCTION max(a anycompatible, b anycompatible) RETURNS anycompatible
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
    SELECT CASE WHEN a IS NULL OR b IS NULL THEN NULL ELSE greatest(a, b) END
$fn$;
CREATE FUNCTION max(a anycompatible, b anycompatible, VARIADIC rest anycompatiblearray) RETURNS anycompatible
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
    SELECT CASE WHEN a IS NULL OR b IS NULL OR array_position(rest, NULL) IS NOT NULL THEN NULL
                ELSE greatest(a, b, (SELECT pg_catalog.max(x) FROM unnest(rest) AS x)) END
$fn$;
CREATE FUNCTION min(a anycompatible, b anycompatible) RETURNS anycompatible
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
    SELECT CASE WHEN a IS NULL OR b IS NULL THEN NULL ELSE least(a, b) END
$fn$;
CREATE FUNCTION min(a anycompatible, b anycompatible, VARIADIC rest anycompatiblearray) RETURNS anycompatible
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
    SELECT CASE WHEN a IS NULL OR b IS NULL OR array_position(rest, NULL) IS NOT NULL THEN NULL
                ELSE least(a, b, (SELECT pg_catalog.min(x) FROM unnest(rest) AS x)) END
$fn$;

-- The exact decimal value of a double (its binary mantissa times a power of two), for
-- the roundings below: SQLite rounds the number itself, not a 15-digit rendering of it
-- (PostgreSQL's float8 → numeric cast keeps 15 digits).
CREATE FUNCTION _float8_exact(x double precision) RETURNS numeric
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
DECLARE
    bits bigint;
    e integer;
    mantissa numeric;
BEGIN
    IF x = 0 OR x = 'Infinity'::float8 OR x = '-Infinity'::float8 OR x = 'NaN'::float8 THEN
        RETURN x::numeric;
    END IF;
    bits := ('x' || encode(float8send(x), 'hex'))::bit(64)::bigint;
    e := ((bits >> 52) & 2047)::integer;
    mantissa := (bits & 4503599627370495)::numeric;
    IF e = 0 THEN
        e := 1;                                  -- subnormal
    ELSE
        mantissa := mantissa + 4503599627370496;  -- the implicit leading 1
    END IF;
    e := e - 1075;
    IF bits < 0 THEN mantissa := -mantissa; END IF;
    IF e >= 0 THEN
        RETURN mantissa * power(2::numeric, e);
    END IF;
    RETURN mantissa / power(2::numeric, -e);
END
$fn$;

-- `round(x, n)` on a double (PostgreSQL has it for numeric only): SQLite's roundFunc, n
-- clamped to 0..30, halves away from zero. `round(x)` with one argument cannot be
-- replaced: PostgreSQL's own round(double precision) rounds halves to even (2.5 → 2,
-- SQLite 3.0); write round(x, 0) for SQLite's rule on both stores.
CREATE FUNCTION round(x double precision, n integer) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
    SELECT CASE
        WHEN x IS NULL OR n IS NULL THEN NULL
        WHEN x < -4503599627370496.0 OR x > 4503599627370496.0 THEN x
        WHEN greatest(least(n, 30), 0) = 0 THEN trunc(x + CASE WHEN x < 0 THEN -0.5 ELSE 0.5 END)
        ELSE round(_float8_exact(x), greatest(least(n, 30), 0))::double precision
    END
$fn$;
CREATE FUNCTION round(x double precision, n bigint) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$ SELECT round(x, greatest(least(n, 30), -1)::integer) $fn$;

-- `printf(format, …)` (`format()` in SQLite 3.38+ is the same; PostgreSQL's format() is
-- another language). Conversions d i u x X o c s z q Q w f F e E g G %, flags - + space 0
-- # , !, width and precision (not `*`). The arguments must share one type family
-- (VARIADIC): printf('X%013d', id) is fine, printf('%s %d', name, n) is not — cast the
-- number to text (`n || ''`) on both stores. %e and %g follow C's printf on the exact
-- value, as SQLite's do for up to 16 significant digits.
CREATE FUNCTION _printf_pad(body text, width integer, left_align boolean, zero boolean, numeric_kind boolean)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
    SELECT CASE
        WHEN width IS NULL OR char_length(body) >= width THEN body
        WHEN left_align THEN rpad(body, width)
        WHEN zero AND numeric_kind AND body ~ '^[-+ ]' THEN left(body, 1) || lpad(substr(body, 2), width - 1, '0')
        WHEN zero AND numeric_kind THEN lpad(body, width, '0')
        ELSE lpad(body, width)
    END
$fn$;

CREATE FUNCTION printf(fmt text, VARIADIC args anycompatiblearray) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $fn$
DECLARE
    out text := '';
    i integer := 1;
    len integer := char_length(fmt);
    argn integer := 0;
    c text;
    flags text;
    width integer;
    prec integer;
    conv text;
    a text;
    body text;
    num numeric;
    ival numeric;
    neg boolean;
    m text[];
BEGIN
    IF fmt IS NULL THEN RETURN NULL; END IF;
    WHILE i <= len LOOP
        c := substr(fmt, i, 1);
        IF c <> '%' THEN
            out := out || c;
            i := i + 1;
            CONTINUE;
        END IF;
        m := regexp_match(substr(fmt, i), '^%([-+ 0#,!]*)([0-9]*)(?:\.([0-9]*))?(?:ll|l|h)?([diuxXocszqQwfFeEgG%])');
        IF m IS NULL THEN
            RETURN out;  -- SQLite stops at an unknown conversion
        END IF;
        i := i + char_length((regexp_match(substr(fmt, i), '^%[-+ 0#,!]*[0-9]*(?:\.[0-9]*)?(?:ll|l|h)?.'))[1]);
        flags := m[1];
        width := nullif(m[2], '')::integer;
        prec := CASE WHEN m[3] IS NULL THEN NULL ELSE coalesce(nullif(m[3], ''), '0')::integer END;
        conv := m[4];
        IF conv = '%' THEN
            out := out || '%';
            CONTINUE;
        END IF;
        argn := argn + 1;
        a := CASE WHEN args IS NULL OR argn > cardinality(args) THEN NULL ELSE args[argn]::text END;
        IF conv IN ('d', 'i', 'u', 'x', 'X', 'o', 'c') THEN
            num := coalesce((substring(a FROM '^\s*[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?'))::numeric, 0);
            ival := trunc(num);
            IF conv = 'c' THEN
                body := CASE WHEN a IS NULL OR a = '' THEN '' ELSE left(a, 1) END;
                out := out || _printf_pad(body, width, position('-' IN flags) > 0, false, false);
                CONTINUE;
            END IF;
            IF conv IN ('x', 'X', 'o') THEN
                IF ival < 0 THEN ival := ival + 18446744073709551616; END IF;
                body := '';
                IF ival = 0 THEN body := '0'; END IF;
                WHILE ival > 0 LOOP
                    body := substr('0123456789abcdef', (mod(ival, CASE conv WHEN 'o' THEN 8 ELSE 16 END))::integer + 1, 1) || body;
                    ival := div(ival, CASE conv WHEN 'o' THEN 8 ELSE 16 END);
                END LOOP;
                IF conv = 'X' THEN body := upper(body); END IF;
                IF prec IS NOT NULL AND char_length(body) < prec THEN body := lpad(body, prec, '0'); END IF;
                IF position('#' IN flags) > 0 AND body <> '0' THEN
                    body := CASE conv WHEN 'o' THEN '0' || body WHEN 'x' THEN '0x' || body ELSE '0X' || body END;
                END IF;
            ELSE
                neg := ival < 0;
                body := abs(ival)::text;
                IF prec IS NOT NULL AND char_length(body) < prec THEN body := lpad(body, prec, '0'); END IF;
                IF position(',' IN flags) > 0 THEN
                    body := reverse(regexp_replace(reverse(body), '([0-9]{3})(?=[0-9])', '\1,', 'g'));
                END IF;
                body := CASE WHEN neg THEN '-' WHEN position('+' IN flags) > 0 THEN '+'
                             WHEN position(' ' IN flags) > 0 THEN ' ' ELSE '' END || body;
            END IF;
            out := out || _printf_pad(body, width, position('-' IN flags) > 0, position('0' IN flags) > 0, true);
        ELSIF conv IN ('f', 'F', 'e', 'E', 'g', 'G') THEN
            IF a IS NULL THEN
                num := 0;
            ELSE
                num := coalesce((substring(a FROM '^\s*[-+]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?'))::numeric, 0);
                num := _float8_exact(num::double precision);
            END IF;
            prec := coalesce(prec, 6);
            neg := num < 0;
            num := abs(num);
            IF conv IN ('f', 'F') THEN
                body := round(num, prec)::text;
                IF prec = 0 AND position('#' IN flags) > 0 THEN body := body || '.'; END IF;
            ELSE
                DECLARE
                    sig integer := CASE WHEN conv IN ('g', 'G') THEN greatest(prec, 1) ELSE prec + 1 END;
                    ex integer;
                    r numeric;
                BEGIN
                    IF num = 0 THEN
                        ex := 0;
                        r := 0;
                    ELSE
                        ex := floor(log(10, num))::integer;
                        r := round(num / power(10::numeric, ex), sig - 1);
                        IF r >= 10 THEN ex := ex + 1; r := round(num / power(10::numeric, ex), sig - 1); END IF;
                    END IF;
                    IF conv IN ('e', 'E') OR ex < -4 OR ex >= sig THEN
                        body := CASE WHEN conv IN ('g', 'G') AND position('#' IN flags) = 0
                                     THEN trim_scale(r)::text ELSE trim(to_char(r, 'FM0.' || repeat('0', sig - 1))) END;
                        body := rtrim(body, '.') || CASE WHEN conv IN ('E', 'G') THEN 'E' ELSE 'e' END
                                || CASE WHEN ex < 0 THEN '-' ELSE '+' END || lpad(abs(ex)::text, 2, '0');
                    ELSE
                        body := round(num, sig - 1 - ex)::text;
                        IF position('#' IN flags) = 0 AND position('.' IN body) > 0 THEN
                            body := rtrim(rtrim(body, '0'), '.');
                        END IF;
                    END IF;
                END;
            END IF;
            body := CASE WHEN neg THEN '-' WHEN position('+' IN flags) > 0 THEN '+'
                         WHEN position(' ' IN flags) > 0 THEN ' ' ELSE '' END || body;
            out := out || _printf_pad(body, width, position('-' IN flags) > 0, position('0' IN flags) > 0, true);
        ELSE
            -- s z: the text; q: doubled quotes; Q: quoted or NULL; w: doubled double quotes.
            body := CASE conv
                WHEN 'q' THEN replace(coalesce(a, '(NULL)'), '''', '''''')
                WHEN 'Q' THEN CASE WHEN a IS NULL THEN 'NULL' ELSE '''' || replace(a, '''', '''''') || '''' END
                WHEN 'w' THEN replace(coalesce(a, ''), '"', '""')
                ELSE coalesce(a, '')
            END;
            IF prec IS NOT NULL THEN body := left(body, prec); END IF;
            out := out || _printf_pad(body, width, position('-' IN flags) > 0, false, false);
        END IF;
    END LOOP;
    RETURN out;
END
$fn$;
CREATE FUNCTION printf(fmt text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$ SELECT printf(fmt, VARIADIC '{}'::text[]) $fn$;

-- `distance_km(lat1, lng1, lat2, lng2)`: the core's `geo::distance_km` (haversine, mean
-- Earth radius 6,371 km), the same operations in the same order on doubles; NULL when an
-- argument is NULL (as the core's SQL function) and where Rust gives NaN (SQLite stores a
-- NaN result as NULL).
-- sqrt(a) of the haversine formula, as `geo::distance_km` computes it.
CREATE FUNCTION _haversine_root(lat1 double precision, lng1 double precision,
                                lat2 double precision, lng2 double precision) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
    SELECT sqrt(sin(((lat2 - lat1) * (pi() / 180.0::float8)) / 2.0::float8)
                * sin(((lat2 - lat1) * (pi() / 180.0::float8)) / 2.0::float8)
              + cos(lat1 * (pi() / 180.0::float8)) * cos(lat2 * (pi() / 180.0::float8))
                * (sin(((lng2 - lng1) * (pi() / 180.0::float8)) / 2.0::float8)
                   * sin(((lng2 - lng1) * (pi() / 180.0::float8)) / 2.0::float8)))
$fn$;

CREATE FUNCTION distance_km(lat1 double precision, lng1 double precision,
                            lat2 double precision, lng2 double precision) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
    SELECT CASE
        WHEN _haversine_root(lat1, lng1, lat2, lng2) > 1 THEN NULL
        ELSE 2.0::float8 * 6371.0::float8 * asin(_haversine_root(lat1, lng1, lat2, lng2))
    END
$fn$;

-- `work_constraint(note, working_time, driving_licences)` is only called by migration
-- 0012 (free notes of version-11 databases turned into choices): a server starts at the
-- final schema, so it is not provided.

-- ---------------------------------------------------------------------------------------
-- Dates and times: SQLite's date.c, ported
-- ---------------------------------------------------------------------------------------
--
-- date(), datetime(), julianday(), unixepoch() and strftime() take SQLite's time values
-- ('YYYY-MM-DD', 'YYYY-MM-DD HH:MM[:SS[.SSS]]' with a space or a T, an optional 'Z' or
-- ±HH:MM; 'HH:MM[:SS]' alone; 'now'; a Julian day number) and modifiers ('±N days',
-- hours, minutes, seconds, months, years — months and years roll over as SQLite's do,
-- 2026-01-31 '+1 month' is 2026-03-03 —, '±HH:MM[:SS]', '±YYYY-MM-DD', 'start of
-- day|month|year', 'end of day|month|year', 'weekday N', 'ceiling', 'floor', 'unixepoch',
-- 'julianday', 'auto', 'localtime', 'utc', 'subsec'), and give SQLite's text and numbers:
-- the state below is SQLite's `DateTime`, an integer count of milliseconds since the
-- Julian epoch, computed with the same integer and double operations.
--
-- Differences left:
-- * 'localtime' and 'utc' use the session's TimeZone setting where SQLite uses the
--   operating system's zone: a session of the app must `SET TimeZone` to the desktop's
--   zone (e.g. 'Europe/Paris'). Hence STABLE, not IMMUTABLE (as 'now').
-- * 'now' is the start of the statement (`statement_timestamp()`), as SQLite's is.
-- * `time(…)` cannot be written: TIME is a keyword in PostgreSQL's grammar (TIME(3) is a
--   type). `strftime('%H:%M:%S', …)` gives the same text on both stores.
-- * timediff() is not provided (the core does not call it).
-- * unixepoch() returns numeric: a whole number (read back as an integer) unless
--   'subsec' asked for milliseconds.

CREATE TYPE sqlite_datetime AS (
    ijd        bigint,            -- milliseconds since the Julian epoch
    y          integer,
    m          integer,
    d          integer,
    h          integer,
    mi         integer,
    s          double precision,
    tz         integer,           -- minutes east of UTC
    valid_jd   boolean,
    valid_ymd  boolean,
    valid_hms  boolean,
    raw_s      boolean,           -- s holds a raw number (Julian day or Unix time)
    is_error   boolean,
    is_utc     boolean,
    is_local   boolean,
    use_subsec boolean,
    n_floor    integer            -- days of month overflow, for 'floor'
);

CREATE FUNCTION _sdt_new() RETURNS sqlite_datetime
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
    SELECT ROW(0::bigint, 0, 0, 0, 0, 0, 0::float8, 0, false, false, false, false, false, false, false, false, 0)::sqlite_datetime
$fn$;

CREATE FUNCTION _sdt_error() RETURNS sqlite_datetime
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
    SELECT ROW(0::bigint, 0, 0, 0, 0, 0, 0::float8, 0, false, false, false, false, true, false, false, false, 0)::sqlite_datetime
$fn$;

-- SQLite's sqlite3Isspace.
CREATE FUNCTION _sdt_is_space(c text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$ SELECT c IN (' ', E'\t', E'\n', E'\v', E'\f', E'\r') $fn$;

-- SQLite's sqlite3AtoF(z) > 0: the whole text (spaces around allowed) is a number.
CREATE FUNCTION _sdt_atof(z text) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
    SELECT CASE WHEN z ~ '^[ \t\n\v\f\r]*[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?[ \t\n\v\f\r]*$'
                THEN btrim(z, E' \t\n\v\f\r')::double precision END
$fn$;

CREATE FUNCTION _sdt_days_of_month(y integer, m integer) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
    SELECT CASE
        WHEN ((1 << m) & 5546) <> 0 THEN 31        -- 0x15aa
        WHEN m <> 2 THEN 30
        WHEN y % 4 = 0 AND (y % 100 <> 0 OR y % 400 = 0) THEN 29
        ELSE 28
    END
$fn$;

CREATE FUNCTION _sdt_valid_julian_day(ijd bigint) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$ SELECT ijd >= 0 AND ijd <= 464269060799999 $fn$;

CREATE FUNCTION _sdt_compute_jd(p sqlite_datetime) RETURNS sqlite_datetime
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $fn$
DECLARE
    yy integer; mm integer; dd integer; a integer; b integer; x1 integer; x2 integer;
BEGIN
    IF p.valid_jd THEN RETURN p; END IF;
    IF p.valid_ymd THEN
        yy := p.y; mm := p.m; dd := p.d;
    ELSE
        yy := 2000; mm := 1; dd := 1;
        IF p.valid_hms AND p.h = 24 THEN
            p.h := 0;
            dd := 2;
        END IF;
    END IF;
    IF yy < -4713 OR yy > 9999 OR p.raw_s THEN
        RETURN _sdt_error();
    END IF;
    IF mm <= 2 THEN
        yy := yy - 1;
        mm := mm + 12;
    END IF;
    a := (yy + 4800) / 100;
    b := 38 - a + (a / 4);
    x1 := 36525 * (yy + 4716) / 100;
    x2 := 306001 * (mm + 1) / 10000;
    p.ijd := trunc((x1 + x2 + dd + b - 1524.5::float8) * 86400000::float8)::bigint;
    p.valid_jd := true;
    IF p.valid_hms THEN
        p.ijd := p.ijd + p.h * 3600000 + p.mi * 60000 + trunc(p.s * 1000::float8 + 0.5::float8)::bigint;
        IF p.tz <> 0 THEN
            p.ijd := p.ijd - p.tz * 60000;
            p.valid_ymd := false;
            p.valid_hms := false;
            p.tz := 0;
            p.is_utc := true;
            p.is_local := false;
        END IF;
    END IF;
    RETURN p;
END
$fn$;

CREATE FUNCTION _sdt_compute_ymd(p sqlite_datetime) RETURNS sqlite_datetime
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $fn$
DECLARE
    z integer; alpha integer; a integer; b integer; c integer; d integer; e integer; x1 integer;
BEGIN
    IF p.valid_ymd THEN RETURN p; END IF;
    IF NOT p.valid_jd THEN
        p.y := 2000; p.m := 1; p.d := 1;
    ELSIF NOT _sdt_valid_julian_day(p.ijd) THEN
        RETURN _sdt_error();
    ELSE
        z := ((p.ijd + 43200000) / 86400000)::integer;
        alpha := trunc((z + 32044.75::float8) / 36524.25::float8)::integer - 52;
        a := z + 1 + alpha - ((alpha + 100) / 4) + 25;
        b := a + 1524;
        c := trunc((b - 122.1::float8) / 365.25::float8)::integer;
        d := (36525 * (c & 32767)) / 100;
        e := trunc((b - d) / 30.6001::float8)::integer;
        x1 := trunc(30.6001::float8 * e)::integer;
        p.d := b - d - x1;
        p.m := CASE WHEN e < 14 THEN e - 1 ELSE e - 13 END;
        p.y := CASE WHEN p.m > 2 THEN c - 4716 ELSE c - 4715 END;
    END IF;
    p.valid_ymd := true;
    RETURN p;
END
$fn$;

CREATE FUNCTION _sdt_compute_hms(p sqlite_datetime) RETURNS sqlite_datetime
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $fn$
DECLARE
    day_ms integer; day_min integer;
BEGIN
    IF p.valid_hms THEN RETURN p; END IF;
    p := _sdt_compute_jd(p);
    day_ms := ((p.ijd + 43200000) % 86400000)::integer;
    p.s := (day_ms % 60000) / 1000.0::float8;
    day_min := day_ms / 60000;
    p.mi := day_min % 60;
    p.h := day_min / 60;
    p.raw_s := false;
    p.valid_hms := true;
    RETURN p;
END
$fn$;

CREATE FUNCTION _sdt_compute_ymd_hms(p sqlite_datetime) RETURNS sqlite_datetime
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$ SELECT _sdt_compute_hms(_sdt_compute_ymd(p)) $fn$;

CREATE FUNCTION _sdt_clear_ymd_hms_tz(p sqlite_datetime) RETURNS sqlite_datetime
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $fn$
BEGIN
    p.valid_ymd := false;
    p.valid_hms := false;
    p.tz := 0;
    RETURN p;
END
$fn$;

CREATE FUNCTION _sdt_compute_floor(p sqlite_datetime) RETURNS sqlite_datetime
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $fn$
DECLARE
    mxd integer := _sdt_days_of_month(p.y, p.m);
BEGIN
    p.n_floor := CASE WHEN p.d > mxd THEN p.d - mxd ELSE 0 END;
    RETURN p;
END
$fn$;

-- parseTimezone: z is what follows the time; NULL when it does not parse.
CREATE FUNCTION _sdt_parse_timezone(p sqlite_datetime, z text) RETURNS sqlite_datetime
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $fn$
DECLARE
    sgn integer;
    mt text[];
BEGIN
    z := ltrim(z, E' \t\n\v\f\r');
    p.tz := 0;
    IF z = '' THEN RETURN p; END IF;
    IF left(z, 1) IN ('Z', 'z') THEN
        p.is_local := false;
        p.is_utc := true;
        z := substr(z, 2);
    ELSIF left(z, 1) IN ('-', '+') THEN
        sgn := CASE WHEN left(z, 1) = '-' THEN -1 ELSE 1 END;
        mt := regexp_match(substr(z, 2), '^([0-9]{2}):([0-9]{2})');
        IF mt IS NULL OR mt[1]::integer > 14 OR mt[2]::integer > 59 THEN RETURN NULL; END IF;
        z := substr(z, 7);
        p.tz := sgn * (mt[2]::integer + mt[1]::integer * 60);
        IF p.tz = 0 THEN
            p.is_local := false;
            p.is_utc := true;
        END IF;
    ELSE
        RETURN NULL;
    END IF;
    IF ltrim(z, E' \t\n\v\f\r') <> '' THEN RETURN NULL; END IF;
    RETURN p;
END
$fn$;

-- parseHhMmSs: HH:MM, HH:MM:SS or HH:MM:SS.FFF, then a time zone; NULL when it does not
-- parse.
CREATE FUNCTION _sdt_parse_hms(p sqlite_datetime, z text) RETURNS sqlite_datetime
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $fn$
DECLARE
    mt text[];
    h integer; m integer; s integer := 0;
    ms double precision := 0;
    scale double precision := 1;
    digits text;
    i integer;
BEGIN
    mt := regexp_match(z, '^([0-9]{2}):([0-9]{2})');
    IF mt IS NULL OR mt[1]::integer > 24 OR mt[2]::integer > 59 THEN RETURN NULL; END IF;
    h := mt[1]::integer;
    m := mt[2]::integer;
    z := substr(z, 6);
    IF left(z, 1) = ':' THEN
        mt := regexp_match(substr(z, 2), '^([0-9]{2})');
        IF mt IS NULL OR mt[1]::integer > 59 THEN RETURN NULL; END IF;
        s := mt[1]::integer;
        z := substr(z, 4);
        IF z ~ '^\.[0-9]' THEN
            digits := substring(z FROM '^\.([0-9]+)');
            FOR i IN 1 .. char_length(digits) LOOP
                ms := (ms * 10.0::float8 + (48 + (substr(digits, i, 1))::integer)) - 48;
                scale := scale * 10.0::float8;
            END LOOP;
            ms := ms / scale;
            IF ms > 0.999::float8 THEN ms := 0.999::float8; END IF;
            z := substr(z, char_length(digits) + 2);
        END IF;
    END IF;
    IF h = 24 AND (m <> 0 OR s <> 0 OR ms <> 0) THEN RETURN NULL; END IF;
    p.valid_jd := false;
    p.raw_s := false;
    p.valid_hms := true;
    p.h := h;
    p.mi := m;
    p.s := s + ms;
    RETURN _sdt_parse_timezone(p, z);
END
$fn$;

-- parseYyyyMmDd: NULL when it does not parse.
CREATE FUNCTION _sdt_parse_ymd(p sqlite_datetime, z text) RETURNS sqlite_datetime
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $fn$
DECLARE
    neg boolean := false;
    mt text[];
    yy integer; mm integer; dd integer; mxd integer;
    q sqlite_datetime;
BEGIN
    IF left(z, 1) = '-' THEN
        z := substr(z, 2);
        neg := true;
    END IF;
    mt := regexp_match(z, '^([0-9]{4})-([0-9]{2})-([0-9]{2})');
    IF mt IS NULL OR mt[2]::integer NOT BETWEEN 1 AND 12 OR mt[3]::integer NOT BETWEEN 1 AND 31 THEN
        RETURN NULL;
    END IF;
    yy := mt[1]::integer; mm := mt[2]::integer; dd := mt[3]::integer;
    z := ltrim(substr(z, 11), E' \t\n\v\f\rT');
    q := _sdt_parse_hms(p, z);
    IF q IS NOT NULL THEN
        p := q;
        IF p.h = 24 THEN
            mxd := _sdt_days_of_month(yy, mm);
            p.h := 0;
            dd := dd + 1;
            IF dd > mxd THEN
                dd := dd - mxd;
                mm := mm + 1;
                IF mm > 12 THEN
                    mm := 1;
                    yy := yy + 1;
                END IF;
            END IF;
        END IF;
    ELSIF z = '' THEN
        p.valid_hms := false;
    ELSE
        RETURN NULL;
    END IF;
    p.valid_jd := false;
    p.valid_ymd := true;
    p.y := CASE WHEN neg THEN -yy ELSE yy END;
    p.m := mm;
    p.d := dd;
    p := _sdt_compute_floor(p);
    IF p.tz <> 0 THEN
        p := _sdt_compute_jd(p);
    END IF;
    RETURN p;
END
$fn$;

-- The statement's moment, as SQLite's sqlite3StmtCurrentTime gives it.
CREATE FUNCTION _sdt_now(p sqlite_datetime) RETURNS sqlite_datetime
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $fn$
BEGIN
    p.ijd := floor(extract(epoch FROM statement_timestamp()) * 1000)::bigint + 210866760000000;
    p.valid_jd := true;
    p.is_utc := true;
    p.is_local := false;
    RETURN _sdt_clear_ymd_hms_tz(p);
END
$fn$;

CREATE FUNCTION _sdt_set_raw_number(p sqlite_datetime, r double precision) RETURNS sqlite_datetime
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $fn$
BEGIN
    p.s := r;
    p.raw_s := true;
    IF r >= 0.0 AND r < 5373484.5 THEN
        p.ijd := trunc(r * 86400000.0::float8 + 0.5::float8)::bigint;
        p.valid_jd := true;
    END IF;
    RETURN p;
END
$fn$;

-- parseDateOrTime; NULL when it does not parse.
CREATE FUNCTION _sdt_parse(z text) RETURNS sqlite_datetime
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $fn$
DECLARE
    p sqlite_datetime := _sdt_new();
    q sqlite_datetime;
    r double precision;
BEGIN
    q := _sdt_parse_ymd(p, z);
    IF q IS NOT NULL THEN RETURN q; END IF;
    q := _sdt_parse_hms(p, z);
    IF q IS NOT NULL THEN RETURN q; END IF;
    IF lower(z COLLATE "C") = 'now' THEN RETURN _sdt_now(p); END IF;
    r := _sdt_atof(z);
    IF r IS NOT NULL THEN RETURN _sdt_set_raw_number(p, r); END IF;
    IF lower(z COLLATE "C") IN ('subsec', 'subsecond') THEN
        p.use_subsec := true;
        RETURN _sdt_now(p);
    END IF;
    RETURN NULL;
END
$fn$;

-- toLocaltime: a UTC moment moved to the session's time zone.
CREATE FUNCTION _sdt_to_localtime(p sqlite_datetime) RETURNS sqlite_datetime
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $fn$
DECLARE
    x sqlite_datetime;
    year_diff integer;
    t bigint;
    lt timestamp;
BEGIN
    p := _sdt_compute_jd(p);
    IF p.is_error THEN RETURN p; END IF;
    IF p.ijd < 2108667600::bigint * 100000 OR p.ijd > 2130141456::bigint * 100000 THEN
        -- Outside 1970-2038 SQLite maps the year into 2000-2003 (localtime_r's range).
        x := _sdt_compute_ymd_hms(p);
        year_diff := (2000 + x.y % 4) - x.y;
        x.y := x.y + year_diff;
        x.valid_jd := false;
        x := _sdt_compute_jd(x);
        t := x.ijd / 1000 - 21086676::bigint * 10000;
    ELSE
        year_diff := 0;
        t := p.ijd / 1000 - 21086676::bigint * 10000;
    END IF;
    lt := to_timestamp(t::float8) AT TIME ZONE current_setting('TimeZone');
    p.y := extract(year FROM lt)::integer - year_diff;
    p.m := extract(month FROM lt)::integer;
    p.d := extract(day FROM lt)::integer;
    p.h := extract(hour FROM lt)::integer;
    p.mi := extract(minute FROM lt)::integer;
    p.s := floor(extract(second FROM lt))::float8 + (p.ijd % 1000) * 0.001::float8;
    p.valid_ymd := true;
    p.valid_hms := true;
    p.valid_jd := false;
    p.raw_s := false;
    p.tz := 0;
    p.is_error := false;
    RETURN p;
END
$fn$;

CREATE FUNCTION _sdt_auto_adjust(p sqlite_datetime) RETURNS sqlite_datetime
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $fn$
DECLARE
    r double precision;
BEGIN
    IF NOT p.raw_s OR p.valid_jd THEN
        p.raw_s := false;
    ELSIF p.s >= -210866760000::float8 AND p.s <= 253402300799::float8 THEN
        r := p.s * 1000.0::float8 + 210866760000000.0::float8;
        p := _sdt_clear_ymd_hms_tz(p);
        p.ijd := trunc(r + 0.5::float8)::bigint;
        p.valid_jd := true;
        p.raw_s := false;
    END IF;
    RETURN p;
END
$fn$;

-- parseModifier: p after modifier z (the idx-th); NULL when SQLite's would fail.
CREATE FUNCTION _sdt_modifier(p sqlite_datetime, z text, idx integer) RETURNS sqlite_datetime
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $fn$
DECLARE
    lz text := lower(z COLLATE "C");
    first text := left(lz, 1);
    rest text;
    n integer;
    r double precision;
    r_rounder double precision;
    x integer;
    z0 text;
    z2 text;
    mt text[];
    yy integer; mm integer; dd integer;
    tx sqlite_datetime;
    day bigint;
    i_orig bigint; i_guess bigint; i_err bigint; cnt integer;
    nw sqlite_datetime;
    zday bigint;
    unit text;
    xform double precision;
    lim double precision;
BEGIN
    IF first = 'a' THEN
        IF lz = 'auto' THEN
            IF idx > 1 THEN RETURN NULL; END IF;
            RETURN _sdt_auto_adjust(p);
        END IF;
        RETURN NULL;
    ELSIF first = 'c' THEN
        IF lz = 'ceiling' THEN
            p := _sdt_clear_ymd_hms_tz(_sdt_compute_jd(p));
            p.n_floor := 0;
            RETURN p;
        END IF;
        RETURN NULL;
    ELSIF first = 'e' THEN
        IF left(lz, 7) <> 'end of ' THEN RETURN NULL; END IF;
        IF NOT p.valid_jd AND NOT p.valid_ymd AND NOT p.valid_hms THEN RETURN NULL; END IF;
        rest := substr(lz, 8);
        p := _sdt_compute_ymd(p);
        p.valid_hms := true;
        p.h := 23;
        p.mi := 59;
        p.s := 59.999::float8;
        p.raw_s := false;
        p.tz := 0;
        p.valid_jd := false;
        IF rest = 'month' THEN
            p.d := 1;
            p.m := p.m + 1;
            IF p.m > 12 THEN
                p.y := p.y + 1;
                p.m := 1;
            END IF;
            p := _sdt_compute_jd(_sdt_compute_floor(p));
            p.ijd := p.ijd - (p.n_floor + 1) * 86400000::bigint;
            RETURN _sdt_clear_ymd_hms_tz(p);
        ELSIF rest = 'year' THEN
            p.m := 12;
            p.d := 31;
            RETURN p;
        ELSIF rest = 'day' THEN
            RETURN p;
        END IF;
        RETURN NULL;
    ELSIF first = 'f' THEN
        IF lz = 'floor' THEN
            p := _sdt_compute_jd(p);
            p.ijd := p.ijd - p.n_floor * 86400000::bigint;
            RETURN _sdt_clear_ymd_hms_tz(p);
        END IF;
        RETURN NULL;
    ELSIF first = 'j' THEN
        IF lz = 'julianday' THEN
            IF idx > 1 THEN RETURN NULL; END IF;
            IF p.valid_jd AND p.raw_s THEN
                p.raw_s := false;
                RETURN p;
            END IF;
        END IF;
        RETURN NULL;
    ELSIF first = 'l' THEN
        IF lz = 'localtime' THEN
            IF NOT p.is_local THEN
                p := _sdt_to_localtime(p);
            END IF;
            p.is_utc := false;
            p.is_local := true;
            RETURN p;
        END IF;
        RETURN NULL;
    ELSIF first = 'u' THEN
        IF lz = 'unixepoch' AND p.raw_s THEN
            IF idx > 1 THEN RETURN NULL; END IF;
            r := p.s * 1000.0::float8 + 210866760000000.0::float8;
            IF r >= 0.0 AND r < 464269060800000.0::float8 THEN
                p := _sdt_clear_ymd_hms_tz(p);
                p.ijd := trunc(r + 0.5::float8)::bigint;
                p.valid_jd := true;
                p.raw_s := false;
                RETURN p;
            END IF;
            RETURN NULL;
        ELSIF lz = 'utc' THEN
            IF NOT p.is_utc THEN
                p := _sdt_compute_jd(p);
                i_orig := p.ijd;
                i_guess := p.ijd;
                i_err := 0;
                cnt := 0;
                LOOP
                    i_guess := i_guess - i_err;
                    nw := _sdt_new();
                    nw.ijd := i_guess;
                    nw.valid_jd := true;
                    nw := _sdt_compute_jd(_sdt_to_localtime(nw));
                    i_err := nw.ijd - i_orig;
                    EXIT WHEN i_err = 0;
                    cnt := cnt + 1;
                    EXIT WHEN cnt > 3;
                END LOOP;
                p := _sdt_new();
                p.ijd := i_guess;
                p.valid_jd := true;
                p.is_utc := true;
                p.is_local := false;
            END IF;
            RETURN p;
        END IF;
        RETURN NULL;
    ELSIF first = 'w' THEN
        IF left(lz, 8) = 'weekday ' THEN
            r := _sdt_atof(substr(lz, 9));
            IF r IS NOT NULL AND r >= -6.0 AND r <= 6.0 AND r = trunc(r) THEN
                n := trunc(r)::integer;
                p := _sdt_compute_ymd_hms(p);
                p.tz := 0;
                p.valid_jd := false;
                p := _sdt_compute_jd(p);
                zday := ((p.ijd + 129600000) / 86400000) % 7;
                IF n < 0 THEN n := -n; END IF;
                IF zday <> n THEN
                    IF zday > n THEN zday := zday - 7; END IF;
                    p.ijd := p.ijd + (n - zday) * 86400000;
                    IF position('-' IN substr(lz, 9)) > 0 THEN
                        p.ijd := p.ijd - 7 * 86400000::bigint;
                    END IF;
                END IF;
                RETURN _sdt_clear_ymd_hms_tz(p);
            END IF;
        END IF;
        RETURN NULL;
    ELSIF first = 's' THEN
        IF left(lz, 9) <> 'start of ' THEN
            IF lz IN ('subsec', 'subsecond') THEN
                p.use_subsec := true;
                RETURN p;
            END IF;
            RETURN NULL;
        END IF;
        IF NOT p.valid_jd AND NOT p.valid_ymd AND NOT p.valid_hms THEN RETURN NULL; END IF;
        rest := substr(lz, 10);
        p := _sdt_compute_ymd(p);
        p.valid_hms := true;
        p.h := 0;
        p.mi := 0;
        p.s := 0.0;
        p.raw_s := false;
        p.tz := 0;
        p.valid_jd := false;
        IF rest = 'month' THEN
            p.d := 1;
            RETURN p;
        ELSIF rest = 'year' THEN
            p.m := 1;
            p.d := 1;
            RETURN p;
        ELSIF rest = 'day' THEN
            RETURN p;
        END IF;
        RETURN NULL;
    ELSIF first IN ('+', '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9') THEN
        z0 := left(z, 1);
        -- The number: up to a ':', a space, or the '-' of a ±YYYY-MM-DD.
        n := 1;
        WHILE n < char_length(z) LOOP
            EXIT WHEN substr(z, n + 1, 1) = ':';
            EXIT WHEN _sdt_is_space(substr(z, n + 1, 1));
            IF substr(z, n + 1, 1) = '-' THEN
                EXIT WHEN n = 5 AND substr(z, 2, 4) ~ '^[0-9]{4}$';
                EXIT WHEN n = 6 AND substr(z, 2, 5) ~ '^[0-9]{5}$' AND substr(z, 2, 5)::integer <= 14712;
            END IF;
            n := n + 1;
        END LOOP;
        r := _sdt_atof(left(z, n));
        IF r IS NULL THEN RETURN NULL; END IF;
        z2 := z;
        IF substr(z, n + 1, 1) = '-' THEN
            -- ±YYYY-MM-DD [HH:MM[:SS]]: years, months (0-11) and days (0-30).
            IF z0 NOT IN ('+', '-') THEN RETURN NULL; END IF;
            IF n = 5 THEN
                mt := regexp_match(substr(z, 2), '^([0-9]{4})-([0-9]{2})-([0-9]{2})');
            ELSE
                mt := regexp_match(substr(z, 2), '^([0-9]{5})-([0-9]{2})-([0-9]{2})');
                IF mt IS NOT NULL AND mt[1]::integer > 14712 THEN mt := NULL; END IF;
                z := substr(z, 2);
            END IF;
            IF mt IS NULL OR mt[2]::integer > 12 OR mt[3]::integer > 31 THEN RETURN NULL; END IF;
            yy := mt[1]::integer; mm := mt[2]::integer; dd := mt[3]::integer;
            IF mm >= 12 THEN RETURN NULL; END IF;
            IF dd >= 31 THEN RETURN NULL; END IF;
            p := _sdt_compute_ymd_hms(p);
            p.valid_jd := false;
            IF z0 = '-' THEN
                p.y := p.y - yy;
                p.m := p.m - mm;
                dd := -dd;
            ELSE
                p.y := p.y + yy;
                p.m := p.m + mm;
            END IF;
            x := CASE WHEN p.m > 0 THEN (p.m - 1) / 12 ELSE (p.m - 12) / 12 END;
            p.y := p.y + x;
            p.m := p.m - x * 12;
            p := _sdt_compute_jd(_sdt_compute_floor(p));
            p.valid_hms := false;
            p.valid_ymd := false;
            p.ijd := p.ijd + dd * 86400000::bigint;
            IF char_length(z) = 11 THEN
                RETURN p;
            END IF;
            IF _sdt_is_space(substr(z, 12, 1)) AND substr(z, 13) ~ '^[0-9]{2}:[0-9]{2}'
               AND substr(z, 13, 2)::integer <= 24 AND substr(z, 16, 2)::integer <= 59 THEN
                z2 := substr(z, 13);
                n := 2;
            ELSE
                RETURN NULL;
            END IF;
        END IF;
        IF substr(z2, n + 1, 1) = ':' THEN
            -- ±HH:MM[:SS[.FFF]]: a time added or taken away.
            IF substr(z2, 1, 1) !~ '[0-9]' THEN z2 := substr(z2, 2); END IF;
            tx := _sdt_parse_hms(_sdt_new(), z2);
            IF tx IS NULL THEN RETURN NULL; END IF;
            tx := _sdt_compute_jd(tx);
            tx.ijd := tx.ijd - 43200000;
            day := tx.ijd / 86400000;
            tx.ijd := tx.ijd - day * 86400000;
            IF z0 = '-' THEN tx.ijd := -tx.ijd; END IF;
            p := _sdt_clear_ymd_hms_tz(_sdt_compute_jd(p));
            p.ijd := p.ijd + tx.ijd;
            RETURN p;
        END IF;
        -- 'NNN units'.
        rest := ltrim(substr(z, n + 1), E' \t\n\v\f\r');
        n := char_length(rest);
        IF n < 3 OR n > 10 THEN RETURN NULL; END IF;
        IF lower(right(rest, 1) COLLATE "C") = 's' THEN
            n := n - 1;
        END IF;
        unit := lower(left(rest, n) COLLATE "C");
        p := _sdt_compute_jd(p);
        r_rounder := CASE WHEN r < 0 THEN -0.5::float8 ELSE 0.5::float8 END;
        p.n_floor := 0;
        SELECT v.xform, v.lim INTO xform, lim
        FROM (VALUES ('second', 1.0::float8, 4.6427e+14::float4::float8),
                     ('minute', 60.0, 7.7379e+12::float4::float8),
                     ('hour', 3600.0, 1.2897e+11::float4::float8),
                     ('day', 86400.0, 5373485.0::float4::float8),
                     ('month', 2592000.0, 176546.0::float4::float8),
                     ('year', 31536000.0, 14713.0::float4::float8)) AS v(name, xform, lim)
        WHERE v.name = unit;
        IF xform IS NULL OR NOT (r > -lim AND r < lim) THEN
            RETURN NULL;
        END IF;
        IF unit = 'month' THEN
            p := _sdt_compute_ymd_hms(p);
            p.m := p.m + trunc(r)::integer;
            x := CASE WHEN p.m > 0 THEN (p.m - 1) / 12 ELSE (p.m - 12) / 12 END;
            p.y := p.y + x;
            p.m := p.m - x * 12;
            p := _sdt_compute_floor(p);
            p.valid_jd := false;
            r := r - trunc(r);
        ELSIF unit = 'year' THEN
            p := _sdt_compute_ymd_hms(p);
            p.y := p.y + trunc(r)::integer;
            p := _sdt_compute_floor(p);
            p.valid_jd := false;
            r := r - trunc(r);
        END IF;
        p := _sdt_compute_jd(p);
        p.ijd := p.ijd + trunc(r * 1000.0::float8 * xform + r_rounder)::bigint;
        RETURN _sdt_clear_ymd_hms_tz(p);
    END IF;
    RETURN NULL;
END
$fn$;

-- isDate: the time value with its modifiers; NULL when SQLite's date functions would
-- return NULL.
CREATE FUNCTION _sdt_is_date(p sqlite_datetime, mods text[]) RETURNS sqlite_datetime
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $fn$
DECLARE
    i integer;
BEGIN
    IF p IS NULL THEN RETURN NULL; END IF;
    IF mods IS NOT NULL THEN
        FOR i IN 1 .. coalesce(array_length(mods, 1), 0) LOOP
            IF mods[i] IS NULL THEN RETURN NULL; END IF;
            p := _sdt_modifier(p, mods[i], i);
            IF p IS NULL OR p.is_error THEN RETURN NULL; END IF;
        END LOOP;
    END IF;
    p := _sdt_compute_jd(p);
    IF p.is_error OR NOT _sdt_valid_julian_day(p.ijd) THEN RETURN NULL; END IF;
    IF coalesce(array_length(mods, 1), 0) = 0 AND p.valid_ymd AND p.d > 28 THEN
        -- A lone YYYY-MM-DD is normalised: 2023-02-31 is 2023-03-03.
        p.valid_ymd := false;
    END IF;
    RETURN p;
END
$fn$;

CREATE FUNCTION _sdt_of_text(v text, mods text[]) RETURNS sqlite_datetime
LANGUAGE sql STABLE PARALLEL SAFE AS $fn$ SELECT _sdt_is_date(_sdt_parse(v), mods) $fn$;

CREATE FUNCTION _sdt_of_number(v double precision, mods text[]) RETURNS sqlite_datetime
LANGUAGE sql STABLE PARALLEL SAFE AS $fn$
    SELECT CASE WHEN v IS NULL THEN NULL ELSE _sdt_is_date(_sdt_set_raw_number(_sdt_new(), v), mods) END
$fn$;

CREATE FUNCTION _sdt_of_now(mods text[]) RETURNS sqlite_datetime
LANGUAGE sql STABLE PARALLEL SAFE AS $fn$ SELECT _sdt_is_date(_sdt_now(_sdt_new()), mods) $fn$;

-- The outputs.
-- printf's %04d of a year, as strftime writes %Y, %F and %G.
CREATE FUNCTION _sdt_year_04d(y integer) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
    SELECT CASE WHEN y < 0 THEN '-' || lpad(abs(y)::text, 3, '0') ELSE lpad(y::text, 4, '0') END
$fn$;

-- date() and datetime()'s year: four digits, '-' before them when negative.
CREATE FUNCTION _sdt_year_text(y integer) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
    SELECT CASE WHEN y < 0 THEN '-' ELSE '' END || lpad((abs(y) % 10000)::text, 4, '0')
$fn$;

CREATE FUNCTION _sdt_date_text(p sqlite_datetime) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $fn$
BEGIN
    IF p IS NULL THEN RETURN NULL; END IF;
    p := _sdt_compute_ymd(p);
    IF p.is_error THEN RETURN NULL; END IF;
    RETURN _sdt_year_text(p.y) || '-' || lpad((p.m % 100)::text, 2, '0') || '-' || lpad((p.d % 100)::text, 2, '0');
END
$fn$;

CREATE FUNCTION _sdt_time_text(p sqlite_datetime) RETURNS text
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $fn$
DECLARE
    s integer;
BEGIN
    IF p IS NULL THEN RETURN NULL; END IF;
    p := _sdt_compute_hms(p);
    IF p.is_error THEN RETURN NULL; END IF;
    IF p.use_subsec THEN
        s := trunc(1000.0::float8 * p.s + 0.5::float8)::integer;
        RETURN lpad((p.h % 100)::text, 2, '0') || ':' || lpad((p.mi % 100)::text, 2, '0') || ':'
            || lpad(((s / 1000) % 100)::text, 2, '0') || '.' || lpad((s % 1000)::text, 3, '0');
    END IF;
    s := trunc(p.s)::integer;
    RETURN lpad((p.h % 100)::text, 2, '0') || ':' || lpad((p.mi % 100)::text, 2, '0') || ':'
        || lpad((s % 100)::text, 2, '0');
END
$fn$;

CREATE FUNCTION _sdt_julianday(p sqlite_datetime) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$ SELECT (p).ijd / 86400000.0::float8 $fn$;

CREATE FUNCTION _sdt_unixepoch(p sqlite_datetime) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
    SELECT CASE
        WHEN p IS NULL THEN NULL
        WHEN (p).use_subsec THEN round((((p).ijd - 210866760000000)::numeric) / 1000, 3)
        ELSE ((p).ijd / 1000 - 210866760000)::numeric
    END
$fn$;

-- Day of the year (0 for 1 January) and of the week, as date.c counts them.
CREATE FUNCTION _sdt_days_after_jan01(p sqlite_datetime) RETURNS integer
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $fn$
DECLARE
    jan01 sqlite_datetime := p;
BEGIN
    jan01.valid_jd := false;
    jan01.m := 1;
    jan01.d := 1;
    jan01 := _sdt_compute_jd(jan01);
    RETURN ((p.ijd - jan01.ijd + 43200000) / 86400000)::integer;
END
$fn$;

CREATE FUNCTION _sdt_strftime(fmt text, p sqlite_datetime) RETURNS text
LANGUAGE plpgsql STABLE PARALLEL SAFE AS $fn$
DECLARE
    out text := '';
    i integer := 1;
    len integer;
    c text;
    y sqlite_datetime;
    h integer;
    after_monday integer;
    after_sunday integer;
    jd double precision;
    ex integer;
BEGIN
    IF fmt IS NULL OR p IS NULL THEN RETURN NULL; END IF;
    p := _sdt_compute_ymd_hms(_sdt_compute_jd(p));
    IF p.is_error THEN RETURN NULL; END IF;
    len := char_length(fmt);
    after_monday := (((p.ijd + 43200000) / 86400000) % 7)::integer;
    after_sunday := (((p.ijd + 129600000) / 86400000) % 7)::integer;
    WHILE i <= len LOOP
        c := substr(fmt, i, 1);
        IF c <> '%' THEN
            out := out || c;
            i := i + 1;
            CONTINUE;
        END IF;
        i := i + 1;
        c := substr(fmt, i, 1);
        i := i + 1;
        CASE c
            WHEN 'd' THEN out := out || lpad(p.d::text, 2, '0');
            WHEN 'e' THEN out := out || lpad(p.d::text, 2, ' ');
            WHEN 'f' THEN out := out || to_char(least(p.s, 59.999::float8), 'FM00.000');
            WHEN 'F' THEN out := out || _sdt_year_04d(p.y) || '-' || lpad(p.m::text, 2, '0') || '-' || lpad(p.d::text, 2, '0');
            WHEN 'G', 'g' THEN
                y := p;
                y.ijd := y.ijd + (3 - after_monday) * 86400000::bigint;
                y.valid_ymd := false;
                y := _sdt_compute_ymd(y);
                out := out || CASE WHEN c = 'g' THEN lpad((y.y % 100)::text, 2, '0') ELSE _sdt_year_04d(y.y) END;
            WHEN 'H' THEN out := out || lpad(p.h::text, 2, '0');
            WHEN 'k' THEN out := out || lpad(p.h::text, 2, ' ');
            WHEN 'I', 'l' THEN
                h := p.h;
                IF h > 12 THEN h := h - 12; END IF;
                IF h = 0 THEN h := 12; END IF;
                out := out || lpad(h::text, 2, CASE WHEN c = 'I' THEN '0' ELSE ' ' END);
            WHEN 'j' THEN out := out || lpad((_sdt_days_after_jan01(p) + 1)::text, 3, '0');
            WHEN 'J' THEN
                -- %.16g of the Julian day.
                jd := p.ijd / 86400000.0::float8;
                IF jd = 0 THEN
                    out := out || '0';
                ELSE
                    ex := floor(log(abs(_float8_exact(jd))))::integer;
                    out := out || trim_scale(round(_float8_exact(jd), greatest(15 - ex, 0)))::text;
                END IF;
            WHEN 'm' THEN out := out || lpad(p.m::text, 2, '0');
            WHEN 'M' THEN out := out || lpad(p.mi::text, 2, '0');
            WHEN 'p' THEN out := out || CASE WHEN p.h >= 12 THEN 'PM' ELSE 'AM' END;
            WHEN 'P' THEN out := out || CASE WHEN p.h >= 12 THEN 'pm' ELSE 'am' END;
            WHEN 'R' THEN out := out || lpad(p.h::text, 2, '0') || ':' || lpad(p.mi::text, 2, '0');
            WHEN 's' THEN
                IF p.use_subsec THEN
                    out := out || to_char(round(((p.ijd - 210866760000000)::numeric) / 1000, 3), 'FM999999999999990.000');
                ELSE
                    out := out || (p.ijd / 1000 - 210866760000)::text;
                END IF;
            WHEN 'S' THEN out := out || lpad(trunc(p.s)::integer::text, 2, '0');
            WHEN 'T' THEN out := out || lpad(p.h::text, 2, '0') || ':' || lpad(p.mi::text, 2, '0') || ':'
                                     || lpad(trunc(p.s)::integer::text, 2, '0');
            WHEN 'u' THEN out := out || CASE WHEN after_sunday = 0 THEN '7' ELSE after_sunday::text END;
            WHEN 'w' THEN out := out || after_sunday::text;
            WHEN 'U' THEN out := out || lpad(((_sdt_days_after_jan01(p) - after_sunday + 7) / 7)::text, 2, '0');
            WHEN 'V' THEN
                y := p;
                y.ijd := y.ijd + (3 - after_monday) * 86400000::bigint;
                y.valid_ymd := false;
                y := _sdt_compute_ymd(y);
                out := out || lpad((_sdt_days_after_jan01(y) / 7 + 1)::text, 2, '0');
            WHEN 'W' THEN out := out || lpad(((_sdt_days_after_jan01(p) - after_monday + 7) / 7)::text, 2, '0');
            WHEN 'Y' THEN out := out || _sdt_year_04d(p.y);
            WHEN '%' THEN out := out || '%';
            ELSE RETURN NULL;   -- an unknown conversion, or a '%' at the end
        END CASE;
    END LOOP;
    RETURN out;
END
$fn$;

-- The functions, under SQLite's names. The time value is text (a column, a parameter, a
-- literal) or a number (a Julian day, or Unix seconds with 'unixepoch').
CREATE FUNCTION date() RETURNS text LANGUAGE sql STABLE PARALLEL SAFE
AS $fn$ SELECT _sdt_date_text(_sdt_of_now(NULL)) $fn$;
CREATE FUNCTION date(v text) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE
AS $fn$ SELECT _sdt_date_text(_sdt_of_text(v, NULL)) $fn$;
CREATE FUNCTION date(v text, VARIADIC mods text[]) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE
AS $fn$ SELECT _sdt_date_text(_sdt_of_text(v, mods)) $fn$;
CREATE FUNCTION date(v double precision) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE
AS $fn$ SELECT _sdt_date_text(_sdt_of_number(v, NULL)) $fn$;
CREATE FUNCTION date(v double precision, VARIADIC mods text[]) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE
AS $fn$ SELECT _sdt_date_text(_sdt_of_number(v, mods)) $fn$;

CREATE FUNCTION datetime() RETURNS text LANGUAGE sql STABLE PARALLEL SAFE
AS $fn$ SELECT _sdt_date_text(p) || ' ' || _sdt_time_text(p) FROM _sdt_of_now(NULL) AS p $fn$;
CREATE FUNCTION datetime(v text) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE
AS $fn$ SELECT _sdt_date_text(p) || ' ' || _sdt_time_text(p) FROM _sdt_of_text(v, NULL) AS p $fn$;
CREATE FUNCTION datetime(v text, VARIADIC mods text[]) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE
AS $fn$ SELECT _sdt_date_text(p) || ' ' || _sdt_time_text(p) FROM _sdt_of_text(v, mods) AS p $fn$;
CREATE FUNCTION datetime(v double precision) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE
AS $fn$ SELECT _sdt_date_text(p) || ' ' || _sdt_time_text(p) FROM _sdt_of_number(v, NULL) AS p $fn$;
CREATE FUNCTION datetime(v double precision, VARIADIC mods text[]) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE
AS $fn$ SELECT _sdt_date_text(p) || ' ' || _sdt_time_text(p) FROM _sdt_of_number(v, mods) AS p $fn$;

CREATE FUNCTION julianday() RETURNS double precision LANGUAGE sql STABLE PARALLEL SAFE
AS $fn$ SELECT _sdt_julianday(_sdt_of_now(NULL)) $fn$;
CREATE FUNCTION julianday(v text) RETURNS double precision LANGUAGE sql STABLE PARALLEL SAFE
AS $fn$ SELECT _sdt_julianday(_sdt_of_text(v, NULL)) $fn$;
CREATE FUNCTION julianday(v text, VARIADIC mods text[]) RETURNS double precision LANGUAGE sql STABLE PARALLEL SAFE
AS $fn$ SELECT _sdt_julianday(_sdt_of_text(v, mods)) $fn$;
CREATE FUNCTION julianday(v double precision) RETURNS double precision LANGUAGE sql STABLE PARALLEL SAFE
AS $fn$ SELECT _sdt_julianday(_sdt_of_number(v, NULL)) $fn$;
CREATE FUNCTION julianday(v double precision, VARIADIC mods text[]) RETURNS double precision LANGUAGE sql STABLE PARALLEL SAFE
AS $fn$ SELECT _sdt_julianday(_sdt_of_number(v, mods)) $fn$;

CREATE FUNCTION unixepoch() RETURNS numeric LANGUAGE sql STABLE PARALLEL SAFE
AS $fn$ SELECT _sdt_unixepoch(_sdt_of_now(NULL)) $fn$;
CREATE FUNCTION unixepoch(v text) RETURNS numeric LANGUAGE sql STABLE PARALLEL SAFE
AS $fn$ SELECT _sdt_unixepoch(_sdt_of_text(v, NULL)) $fn$;
CREATE FUNCTION unixepoch(v text, VARIADIC mods text[]) RETURNS numeric LANGUAGE sql STABLE PARALLEL SAFE
AS $fn$ SELECT _sdt_unixepoch(_sdt_of_text(v, mods)) $fn$;
CREATE FUNCTION unixepoch(v double precision) RETURNS numeric LANGUAGE sql STABLE PARALLEL SAFE
AS $fn$ SELECT _sdt_unixepoch(_sdt_of_number(v, NULL)) $fn$;
CREATE FUNCTION unixepoch(v double precision, VARIADIC mods text[]) RETURNS numeric LANGUAGE sql STABLE PARALLEL SAFE
AS $fn$ SELECT _sdt_unixepoch(_sdt_of_number(v, mods)) $fn$;

CREATE FUNCTION strftime(fmt text) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE
AS $fn$ SELECT _sdt_strftime(fmt, _sdt_of_now(NULL)) $fn$;
CREATE FUNCTION strftime(fmt text, v text) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE
AS $fn$ SELECT _sdt_strftime(fmt, _sdt_of_text(v, NULL)) $fn$;
CREATE FUNCTION strftime(fmt text, v text, VARIADIC mods text[]) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE
AS $fn$ SELECT _sdt_strftime(fmt, _sdt_of_text(v, mods)) $fn$;
CREATE FUNCTION strftime(fmt text, v double precision) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE
AS $fn$ SELECT _sdt_strftime(fmt, _sdt_of_number(v, NULL)) $fn$;
CREATE FUNCTION strftime(fmt text, v double precision, VARIADIC mods text[]) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE
AS $fn$ SELECT _sdt_strftime(fmt, _sdt_of_number(v, mods)) $fn$;

-- ---------------------------------------------------------------------------------------
-- Aggregates
-- ---------------------------------------------------------------------------------------

-- `group_concat(x)` (',' between values) and `group_concat(x, separator)`: NULLs skipped,
-- NULL for no value; DISTINCT works as in SQLite. Values of another type than text are
-- written as PostgreSQL writes them (a double 1.0 is '1', SQLite's '1.0').
CREATE FUNCTION _group_concat_step(state text, v text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
    SELECT CASE WHEN v IS NULL THEN state WHEN state IS NULL THEN v ELSE state || ',' || v END
$fn$;
CREATE AGGREGATE group_concat(text) (SFUNC = _group_concat_step, STYPE = text, PARALLEL = SAFE);
CREATE FUNCTION _group_concat_sep_step(state text, v text, sep text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
    SELECT CASE WHEN v IS NULL THEN state WHEN state IS NULL THEN v ELSE state || coalesce(sep, '') || v END
$fn$;
CREATE AGGREGATE group_concat(text, text) (SFUNC = _group_concat_sep_step, STYPE = text, PARALLEL = SAFE);
CREATE FUNCTION _group_concat_any_step(state text, v anynonarray) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$ SELECT _group_concat_step(state, v::text) $fn$;
CREATE AGGREGATE group_concat(anynonarray) (SFUNC = _group_concat_any_step, STYPE = text, PARALLEL = SAFE);
CREATE FUNCTION _group_concat_any_sep_step(state text, v anynonarray, sep text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
    SELECT CASE WHEN v IS NULL THEN state WHEN state IS NULL THEN v::text ELSE state || coalesce(sep, '') || v::text END
$fn$;
CREATE AGGREGATE group_concat(anynonarray, text) (SFUNC = _group_concat_any_sep_step, STYPE = text, PARALLEL = SAFE);

-- `sum(condition)`: SQLite's comparisons are integers 0/1, so the core counts with
-- sum(a = b). An integer sum; NULL when no row (as sum()).
CREATE FUNCTION _sum_bool_step(state bigint, v boolean) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
    SELECT CASE WHEN v IS NULL THEN state ELSE coalesce(state, 0) + CASE WHEN v THEN 1 ELSE 0 END END
$fn$;
CREATE AGGREGATE sum(boolean) (SFUNC = _sum_bool_step, STYPE = bigint, PARALLEL = SAFE);

-- `total(x)`: a double, 0.0 when there is no value.
CREATE AGGREGATE total(double precision) (SFUNC = float8pl, STYPE = double precision, INITCOND = '0', PARALLEL = SAFE);
CREATE FUNCTION _total_bool_step(state double precision, v boolean) RETURNS double precision
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
    SELECT state + CASE WHEN v IS NULL OR NOT v THEN 0 ELSE 1 END
$fn$;
CREATE AGGREGATE total(boolean) (SFUNC = _total_bool_step, STYPE = double precision, INITCOND = '0', PARALLEL = SAFE);

-- ---------------------------------------------------------------------------------------
-- JSON (the core keeps lists as JSON text: '["B","C"]', '[12,15]')
-- ---------------------------------------------------------------------------------------

-- A JSON value as json_each's `value` gives it: a string's text, a number's text,
-- true/false as 1/0 (SQLite's integers), NULL for null, an array or object as its JSON.
CREATE FUNCTION _json_sqlite_value(e json) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
    SELECT CASE json_typeof(e)
        WHEN 'string' THEN e #>> '{}'
        WHEN 'null' THEN NULL
        WHEN 'boolean' THEN CASE WHEN e::text = 'true' THEN '1' ELSE '0' END
        ELSE btrim(e::text, E' \t\n\r')
    END
$fn$;

CREATE FUNCTION _json_sqlite_type(e json) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
    SELECT CASE json_typeof(e)
        WHEN 'string' THEN 'text'
        WHEN 'boolean' THEN CASE WHEN e::text = 'true' THEN 'true' ELSE 'false' END
        WHEN 'number' THEN CASE WHEN btrim(e::text, E' \t\n\r') ~ '^-?[0-9]+$' THEN 'integer' ELSE 'real' END
        ELSE json_typeof(e)
    END
$fn$;

-- `json_each(json_text)`: one row per element of an array (key 0, 1, … as text) or member
-- of an object (key its name), one row (key NULL) for a lone value; no row for NULL.
-- Columns as SQLite names them. `value` is text, whatever the element: compared with an
-- integer column (`id IN (SELECT value FROM json_each(?1))`) it goes through the
-- bigint = text operator below; read directly as a number it is text (SQLite gives an
-- integer or a real). `key` is text too: order array elements by CAST(key AS INTEGER).
-- `id` is the element's position, `parent` NULL. An SQL function PostgreSQL inlines into
-- the query, so the planner sees the elements.
CREATE FUNCTION json_each(j text)
RETURNS TABLE (key text, value text, type text, atom text, id bigint, parent bigint, fullkey text, path text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
    SELECT e.k, _json_sqlite_value(e.elem), _json_sqlite_type(e.elem),
           CASE WHEN json_typeof(e.elem) IN ('array', 'object') THEN NULL ELSE _json_sqlite_value(e.elem) END,
           e.ord, NULL::bigint, e.full_key, '$'
    FROM (SELECT j::json AS doc) AS s
    CROSS JOIN LATERAL (
        SELECT (a.ord - 1)::text AS k, a.elem, a.ord, '$[' || (a.ord - 1) || ']' AS full_key
        FROM json_array_elements(CASE WHEN json_typeof(s.doc) = 'array' THEN s.doc END) WITH ORDINALITY AS a(elem, ord)
        UNION ALL
        SELECT o.k, o.v, o.ord, '$.' || o.k
        FROM pg_catalog.json_each(CASE WHEN json_typeof(s.doc) = 'object' THEN s.doc END) WITH ORDINALITY AS o(k, v, ord)
        UNION ALL
        SELECT NULL, s.doc, 0, '$'
        WHERE json_typeof(s.doc) NOT IN ('array', 'object')
    ) AS e
$fn$;

-- The integer = text comparison json_each's text values need: `c.id IN (SELECT value
-- FROM json_each(?1))` compares a bigint with text. As SQLite's integer affinity does,
-- the text is read as an integer (a text that is not one equals nothing). Inlined by the
-- planner into `id = value::bigint`, so the id index and hash joins serve it.
CREATE FUNCTION _text_as_bigint(t text) RETURNS bigint
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
BEGIN
    IF t ~ '^[-+]?[0-9]{1,18}$' THEN
        RETURN t::bigint;
    END IF;
    RETURN NULL;
END
$fn$;
CREATE FUNCTION _bigint_eq_text(a bigint, b text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$ SELECT a = _text_as_bigint(b) $fn$;
CREATE FUNCTION _text_eq_bigint(a text, b bigint) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$ SELECT _text_as_bigint(a) = b $fn$;
CREATE OPERATOR = (
    LEFTARG = bigint, RIGHTARG = text, FUNCTION = _bigint_eq_text,
    COMMUTATOR = =, RESTRICT = eqsel, JOIN = eqjoinsel
);
CREATE OPERATOR = (
    LEFTARG = text, RIGHTARG = bigint, FUNCTION = _text_eq_bigint,
    COMMUTATOR = =, RESTRICT = eqsel, JOIN = eqjoinsel
);

-- `json_group_array(x)`: the JSON array of the group's values, written as SQLite writes
-- it ('["a","b"]', no space; '[]' for no row); NULL becomes null, a JSON value
-- (json_array()) is nested, a condition is 1/0. Strings are escaped as PostgreSQL's
-- to_json escapes them (checked identical to SQLite's for the control characters, quotes
-- and backslashes). Doubles are written shortest (1.0 is 1, SQLite's 1.0).
CREATE FUNCTION _json_group_array_step(state text[], v anyelement) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
    SELECT array_append(state, coalesce(to_json(v)::text, 'null'))
$fn$;
CREATE FUNCTION _json_group_array_bool_step(state text[], v boolean) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
    SELECT array_append(state, CASE WHEN v IS NULL THEN 'null' WHEN v THEN '1' ELSE '0' END)
$fn$;
CREATE FUNCTION _json_group_array_final(state text[]) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$ SELECT '[' || array_to_string(state, ',') || ']' $fn$;
CREATE AGGREGATE json_group_array(anyelement) (
    SFUNC = _json_group_array_step, STYPE = text[], FINALFUNC = _json_group_array_final, INITCOND = '{}'
);
CREATE AGGREGATE json_group_array(boolean) (
    SFUNC = _json_group_array_bool_step, STYPE = text[], FINALFUNC = _json_group_array_final, INITCOND = '{}'
);

-- `json_array(a, b, …)`: a JSON array, written as SQLite writes it; typed json so that
-- json_group_array nests it. The arguments must share a type family (VARIADIC).
CREATE FUNCTION json_array(VARIADIC args anycompatiblearray) RETURNS json
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
    SELECT ('[' || coalesce((SELECT string_agg(coalesce(to_json(x)::text, 'null'), ',' ORDER BY i)
                             FROM unnest(args) WITH ORDINALITY AS u(x, i)), '') || ']')::json
$fn$;
CREATE FUNCTION json_array() RETURNS json
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$ SELECT '[]'::json $fn$;

-- `json_valid(text)`: 1 when the text is JSON, 0 otherwise, NULL for NULL.
CREATE FUNCTION json_valid(t text) RETURNS integer
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $fn$
BEGIN
    IF t IS NULL THEN RETURN NULL; END IF;
    PERFORM t::json;
    RETURN 1;
EXCEPTION WHEN others THEN
    RETURN 0;
END
$fn$;

-- ---------------------------------------------------------------------------------------
-- Full-text search: FTS5's contentless tables `candidates_fts` and `companies_fts`
-- ---------------------------------------------------------------------------------------
--
-- SQLite: `CREATE VIRTUAL TABLE x USING fts5(c1, …, c5, content = '', contentless_delete
-- = 1, tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3')`, written with folded
-- text (`fold(...)`) under rowid = the record's id, read with `x MATCH '"word"* …'`
-- (every word as a prefix; `names : "word"*` for one column), `DELETE … WHERE rowid IN`,
-- and the `INSERT INTO x (x) VALUES ('optimize')` command.
--
-- PostgreSQL (0002_schema.sql): a table with the same columns, `rowid` its key, a
-- `tsvector` column `document` under a GIN index, and a column named as the table that
-- takes FTS5's commands. A trigger builds `document` with fts5_document() and empties
-- the text columns (contentless: as in SQLite, the words are in the index only). The
-- tokens are FTS5's exactly: the text folded as the core folds it (and as unicode61 then
-- folds µ ſ ς ϐ ϑ ϕ ϖ ϰ ϱ ϵ), cut at the characters unicode61 separates on (measured
-- against SQLite on every code point), no stemming, no stop words: a search finds the
-- same rows on both stores. Each column has a weight (A, B, C, D, D) so that a column
-- filter can be asked; the last two columns share D.
--
-- Query side (the store's dialect hook): `x MATCH ?` becomes
-- `x.document @@ fts5_query('x', ?)`, which reads FTS5's query syntax.

CREATE FUNCTION fts5_fold(t text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
    SELECT translate(fold(t), 'µſςϐϑϕϖϰϱϵ', 'μsσβθφπκρε')
$fn$;

-- The tokens of a text, as unicode61 (remove_diacritics 2) cuts the core's folded text.
CREATE FUNCTION fts5_tokens(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
    SELECT array_remove(regexp_split_to_array(fts5_fold(t), '[\u0001-\u002f\u003a-\u005f\u007b-\u00a9\u00ab-\u00b1\u00b4-\u00b8\u00bb\u00bf-\u00d7\u00f7\u02c2-\u02c5\u02d2-\u02df\u02e5-\u02eb\u02ed\u02ef-\u02ff\u0375\u0384\u03f6\u0482\u055a-\u055f\u0589-\u058a\u058f\u05be-\u05c6\u05f3-\u05f4\u0600-\u0604\u0606-\u061b\u061e-\u061f\u066a-\u066d\u06d4\u06dd-\u06de\u06e9\u06fd-\u06fe\u0700-\u070d\u070f\u07f6-\u07f9\u0830-\u083e\u085e\u0964-\u0965\u0970\u09f2-\u09f3\u09fa-\u09fb\u0af0-\u0af1\u0b70\u0bf3-\u0bfa\u0c7f\u0d79\u0df4\u0e3f\u0e4f\u0e5a-\u0e5b\u0f01-\u0f1f\u0f34-\u0f3d\u0f85\u0fbe-\u0fcc\u0fce-\u0fda\u104a-\u104f\u109e-\u109f\u10fb\u1360-\u1368\u1390-\u1399\u1400\u166d-\u166e\u1680\u169b-\u169c\u16eb-\u16ed\u1735-\u1736\u17d4-\u17d6\u17d8-\u17db\u1800-\u180e\u1940\u1944-\u1945\u19b0-\u19c0\u19c8-\u19c9\u19de-\u19ff\u1a1e-\u1a1f\u1aa0-\u1aa6\u1aa8-\u1aad\u1b5a-\u1b7c\u1bfc-\u1bff\u1c3b-\u1c3f\u1c7e-\u1c7f\u1cc0-\u1cc7\u1cd3\u1cf2-\u1cf3\u1fbd-\u1fc0\u1ffe\u2002-\u2064\u206a-\u206f\u207a-\u207e\u208a-\u208e\u20a0-\u20b9\u2100-\u2101\u2103-\u2106\u2108-\u2109\u2114\u2116-\u2118\u211e-\u2123\u2125-\u2127\u2129\u212e\u213a-\u213b\u2140-\u2144\u214a-\u214d\u214f\u2190-\u23f3\u2400-\u2426\u2440-\u244a\u249c-\u24e9\u2500-\u26ff\u2701-\u2775\u2794-\u2b4c\u2b50-\u2b59\u2ce5-\u2cea\u2cf9-\u2cfc\u2cfe-\u2cff\u2d70\u2e00-\u2e2e\u2e30-\u2e3b\u2e80-\u2e99\u2e9b-\u2ef3\u2f00-\u2fd5\u2ff0-\u2ffb\u3000-\u3004\u3008-\u3020\u3030\u3036-\u3037\u303d-\u303f\u309b-\u309c\u30a0\u30fb\u3190-\u3191\u3196-\u319f\u31c0-\u31e3\u3200-\u321e\u322a-\u3247\u3250\u3260-\u327f\u328a-\u32b0\u32c0-\u32fe\u3300-\u33ff\u4dc0-\u4dff\ua490-\ua4c6\ua4fe-\ua4ff\ua60d-\ua60f\ua673-\ua67e\ua6f2-\ua6f7\ua700-\ua716\ua720-\ua721\ua789-\ua78a\ua828-\ua82b\ua836-\ua839\ua874-\ua877\ua8ce-\ua8cf\ua8f8-\ua8fa\ua92e-\ua92f\ua95f\ua9c1-\ua9cd\ua9de-\ua9df\uaa5c-\uaa5f\uaa77-\uaa79\uaade-\uaadf\uaaf0-\uaaf1\uabeb\ufb29\ufbb2-\ufbc1\ufd3e-\ufd3f\ufdfc-\ufdfd\ufe10-\ufe19\ufe30-\ufe52\ufe54-\ufe66\ufe68-\ufe6b\ufeff\uff01-\uff0f\uff1a-\uff40\uff5b-\uff65\uffe0-\uffe6\uffe8-\uffee\ufff9-\uffff\U00010100-\U00010102\U00010137-\U0001013f\U00010179-\U00010189\U00010190-\U0001019b\U000101d0-\U000101fc\U0001039f\U000103d0\U00010857\U0001091f\U0001093f\U00010a50-\U00010a58\U00010a7f\U00010b39-\U00010b3f\U00011047-\U0001104d\U000110bb-\U000110c1\U00011140-\U00011143\U000111c5-\U000111c8\U00012470-\U00012473\U0001d000-\U0001d0f5\U0001d100-\U0001d1dd\U0001d200-\U0001d245\U0001d300-\U0001d356\U0001d6c1\U0001d6db\U0001d6fb\U0001d715\U0001d735\U0001d74f\U0001d76f\U0001d789\U0001d7a9\U0001d7c3\U0001eef0-\U0001eef1\U0001f000-\U0001f02b\U0001f030-\U0001f093\U0001f0a0-\U0001f0ae\U0001f0b1-\U0001f0be\U0001f0c1-\U0001f0cf\U0001f0d1-\U0001f0df\U0001f110-\U0001f12e\U0001f130-\U0001f16b\U0001f170-\U0001f19a\U0001f1e6-\U0001f202\U0001f210-\U0001f23a\U0001f240-\U0001f248\U0001f250-\U0001f251\U0001f300-\U0001f320\U0001f330-\U0001f335\U0001f337-\U0001f37c\U0001f380-\U0001f393\U0001f3a0-\U0001f3c4\U0001f3c6-\U0001f3ca\U0001f3e0-\U0001f3f0\U0001f400-\U0001f43e\U0001f440\U0001f442-\U0001f4f7\U0001f4f9-\U0001f4fc\U0001f500-\U0001f53d\U0001f540-\U0001f543\U0001f550-\U0001f567\U0001f5fb-\U0001f640\U0001f645-\U0001f64f\U0001f680-\U0001f6c5\U0001f700-\U0001f773\U000e0001\U000e0020-\U000e007f]+'), '')
$fn$;

-- The indexed document of five columns, weighted A, B, C, D, D, positions in order.
-- Tokens longer than PostgreSQL's 2046-byte lexemes are left out.
CREATE FUNCTION fts5_document(c1 text, c2 text, c3 text, c4 text, c5 text) RETURNS tsvector
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
    SELECT coalesce(string_agg('''' || replace(replace(tok, '\', '\\'), '''', '''''') || ''':'
                               || least(pos, 16383) || w, ' '), '')::tsvector
    FROM (
        SELECT t.tok, cols.w, row_number() OVER (ORDER BY cols.col, t.ord) AS pos
        FROM unnest(ARRAY[c1, c2, c3, c4, c5], ARRAY['A', 'B', 'C', 'D', 'D']) WITH ORDINALITY AS cols(txt, w, col)
        CROSS JOIN LATERAL unnest(fts5_tokens(cols.txt)) WITH ORDINALITY AS t(tok, ord)
        WHERE octet_length(t.tok) <= 2046
    ) AS tokens
$fn$;

-- The weight of each column of the full-text tables.
CREATE FUNCTION _fts5_weights(fts_table text, col text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
    SELECT CASE fts_table
        WHEN 'candidates_fts' THEN CASE col WHEN 'names' THEN 'A' WHEN 'jobs' THEN 'B' WHEN 'skills' THEN 'C'
                                            WHEN 'place' THEN 'D' WHEN 'other' THEN 'D' END
        WHEN 'companies_fts' THEN CASE col WHEN 'names' THEN 'A' WHEN 'sector' THEN 'B' WHEN 'place' THEN 'C'
                                           WHEN 'contacts' THEN 'D' WHEN 'other' THEN 'D' END
    END
$fn$;

-- An FTS5 query as a tsquery: phrases ("…" or barewords), `*` after a phrase for a
-- prefix, AND / OR / NOT, parentheses, implicit AND, column filters `col : phrase`,
-- `{col col} : phrase`, `- col : phrase`, also before a parenthesised group. NEAR() and
-- `^` are refused, as is an unknown column. A phrase of several tokens becomes
-- `a <-> b` (adjacent, in order).
CREATE FUNCTION fts5_query(fts_table text, q text) RETURNS tsquery
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $fn$
DECLARE
    i integer := 1;
    len integer := char_length(q);
    c text;
    word text;
    out text := '';
    need_op boolean := false;      -- a term was written: the next term needs an operator
    pending_op text := NULL;       -- AND / OR / NOT read, waiting for its right-hand term
    filter text := NULL;           -- weights of a column filter for the next term
    stack text[] := ARRAY[]::text[];  -- weights in force for each open parenthesis
    current text := NULL;          -- weights in force in the current group
    toks text[];
    term text;
    weights text;
    prefix boolean;
    cols text[];
    negate boolean;
    w text;
    all_w text;
    k integer;
    j integer;
BEGIN
    IF q IS NULL THEN RETURN NULL; END IF;
    all_w := CASE fts_table WHEN 'candidates_fts' THEN 'ABCD' WHEN 'companies_fts' THEN 'ABCD' END;
    IF all_w IS NULL THEN
        RAISE EXCEPTION 'fts5_query: unknown full-text table %', fts_table;
    END IF;
    WHILE i <= len LOOP
        c := substr(q, i, 1);
        IF c ~ '^\s$' THEN
            i := i + 1;
            CONTINUE;
        END IF;
        IF c = '(' THEN
            IF need_op THEN out := out || CASE WHEN pending_op = 'NOT' THEN ' & !' WHEN pending_op = 'OR' THEN ' | ' ELSE ' & ' END; END IF;
            pending_op := NULL;
            need_op := false;
            stack := stack || coalesce(current, '');
            IF filter IS NOT NULL THEN current := filter; filter := NULL; END IF;
            out := out || '(';
            i := i + 1;
            CONTINUE;
        END IF;
        IF c = ')' THEN
            IF cardinality(stack) = 0 THEN RAISE EXCEPTION 'fts5: syntax error near ")"'; END IF;
            current := nullif(stack[cardinality(stack)], '');
            stack := stack[1:cardinality(stack) - 1];
            out := out || ')';
            need_op := true;
            i := i + 1;
            CONTINUE;
        END IF;
        IF c IN ('-', '{') OR (c ~ '^[[:alnum:]_]$' OR ascii(c) > 127) AND substring(substr(q, i) FROM '^[[:alnum:]_\u0080-\U0010ffff]+\s*:') IS NOT NULL THEN
            -- A column filter: col :, {col col} :, - col :, - {col col} :
            negate := false;
            j := i;
            IF c = '-' THEN
                negate := true;
                j := j + 1;
                WHILE substr(q, j, 1) ~ '^\s$' LOOP j := j + 1; END LOOP;
            END IF;
            IF substr(q, j, 1) = '{' THEN
                word := substring(substr(q, j) FROM '^\{([^}]*)\}');
                IF word IS NULL THEN RAISE EXCEPTION 'fts5: syntax error near "{"'; END IF;
                cols := regexp_split_to_array(btrim(word), '\s+');
                j := j + char_length(word) + 2;
            ELSE
                word := substring(substr(q, j) FROM '^[[:alnum:]_\u0080-\U0010ffff]+');
                IF word IS NULL THEN RAISE EXCEPTION 'fts5: syntax error near "%"', substr(q, i, 10); END IF;
                cols := ARRAY[word];
                j := j + char_length(word);
            END IF;
            WHILE substr(q, j, 1) ~ '^\s$' LOOP j := j + 1; END LOOP;
            IF substr(q, j, 1) <> ':' THEN RAISE EXCEPTION 'fts5: syntax error near "%"', substr(q, i, 10); END IF;
            weights := '';
            FOREACH word IN ARRAY cols LOOP
                w := _fts5_weights(fts_table, lower(word));
                IF w IS NULL THEN RAISE EXCEPTION 'no such column: %', word; END IF;
                IF position(w IN weights) = 0 THEN weights := weights || w; END IF;
            END LOOP;
            IF negate THEN
                weights := translate(all_w, weights, '');
            END IF;
            filter := weights;
            i := j + 1;
            CONTINUE;
        END IF;
        IF c = '"' THEN
            word := '';
            i := i + 1;
            LOOP
                IF i > len THEN RAISE EXCEPTION 'fts5: syntax error near "%"', q; END IF;
                c := substr(q, i, 1);
                IF c = '"' THEN
                    IF substr(q, i + 1, 1) = '"' THEN
                        word := word || '"';
                        i := i + 2;
                        CONTINUE;
                    END IF;
                    i := i + 1;
                    EXIT;
                END IF;
                word := word || c;
                i := i + 1;
            END LOOP;
        ELSE
            word := substring(substr(q, i) FROM '^[[:alnum:]_\u0080-\U0010ffff\u001a]+');
            IF word IS NULL THEN
                RAISE EXCEPTION 'fts5: syntax error near "%"', substr(q, i, 10);
            END IF;
            i := i + char_length(word);
            IF word IN ('AND', 'OR', 'NOT') THEN
                IF NOT need_op THEN RAISE EXCEPTION 'fts5: syntax error near "%"', word; END IF;
                pending_op := word;
                CONTINUE;
            END IF;
            IF word = 'NEAR' AND substr(q, i, 1) = '(' THEN
                RAISE EXCEPTION 'fts5_query: NEAR() is not supported';
            END IF;
        END IF;
        prefix := false;
        WHILE substr(q, i, 1) ~ '^\s$' LOOP i := i + 1; END LOOP;
        IF substr(q, i, 1) = '*' THEN
            prefix := true;
            i := i + 1;
        END IF;
        IF substr(q, i, 1) = '^' THEN
            RAISE EXCEPTION 'fts5_query: ^ is not supported';
        END IF;
        weights := coalesce(filter, current, '');
        filter := NULL;
        toks := fts5_tokens(word);
        IF cardinality(toks) = 0 THEN
            term := '''-''';   -- an empty phrase: a lexeme no document holds
        ELSE
            term := '';
            FOR k IN 1 .. cardinality(toks) LOOP
                IF k > 1 THEN term := term || ' <-> '; END IF;
                term := term || '''' || replace(replace(toks[k], '\', '\\'), '''', '''''') || ''''
                        || CASE WHEN (prefix AND k = cardinality(toks)) OR weights <> '' THEN ':' ELSE '' END
                        || CASE WHEN prefix AND k = cardinality(toks) THEN '*' ELSE '' END
                        || weights;
            END LOOP;
            IF cardinality(toks) > 1 THEN term := '(' || term || ')'; END IF;
        END IF;
        IF need_op THEN
            out := out || CASE WHEN pending_op = 'NOT' THEN ' & !' WHEN pending_op = 'OR' THEN ' | ' ELSE ' & ' END;
        ELSIF pending_op IS NOT NULL THEN
            RAISE EXCEPTION 'fts5: syntax error near "%"', pending_op;
        END IF;
        pending_op := NULL;
        out := out || term;
        need_op := true;
    END LOOP;
    IF cardinality(stack) > 0 OR pending_op IS NOT NULL OR out = '' THEN
        RAISE EXCEPTION 'fts5: syntax error in "%"', q;
    END IF;
    RETURN out::tsquery;
END
$fn$;
