-- API token scopes, server and source-address limits, expiry; per-account sign-in address ranges.
ALTER TABLE "ApiToken" ADD COLUMN "scope" TEXT NOT NULL DEFAULT 'full';
ALTER TABLE "ApiToken" ADD COLUMN "serverIds" TEXT;
ALTER TABLE "ApiToken" ADD COLUMN "sourceRanges" TEXT;
ALTER TABLE "ApiToken" ADD COLUMN "expiresAt" DATETIME;
ALTER TABLE "User" ADD COLUMN "signInRanges" TEXT;
