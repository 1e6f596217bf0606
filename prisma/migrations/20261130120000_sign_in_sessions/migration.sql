-- Single-use TOTP codes: the newest time step accepted per user.
ALTER TABLE "User" ADD COLUMN "totpLastStep" INTEGER;

-- Session versions: a session whose JWT carries an older value is signed out.
ALTER TABLE "User" ADD COLUMN "sessionVersion" INTEGER NOT NULL DEFAULT 0;

-- Sign-in throttling per account and address (replaces the per-account lockout).
CREATE TABLE "SignInFailure" (
    "userId" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "failures" INTEGER NOT NULL,
    "lastFailureAt" DATETIME NOT NULL,

    PRIMARY KEY ("userId", "address"),
    CONSTRAINT "SignInFailure_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
