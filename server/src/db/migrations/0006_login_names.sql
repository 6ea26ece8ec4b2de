-- Failed logins under names that no account has, counted as an account's are (app_user's
-- failed_logins and locked_until), so that the answer to a wrong password — attempts left, then a
-- lock — never tells whether the name exists. Rows left alone for a day are purged as new ones come.
CREATE TABLE login_name_failure (
  name text PRIMARY KEY,
  failed_logins integer NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
  locked_until timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_name_failure_updated_at ON login_name_failure (updated_at);
