-- A provider's suspend or terminate waits in this slot while another action runs.
ALTER TABLE "Server" ADD COLUMN "nextJobId" TEXT;
-- Who suspended a server and why, and whether a reseller's suspension did it.
ALTER TABLE "Server" ADD COLUMN "suspendedBy" TEXT;
ALTER TABLE "Server" ADD COLUMN "suspendReason" TEXT;
ALTER TABLE "Server" ADD COLUMN "suspendedWithReseller" BOOLEAN NOT NULL DEFAULT false;

CREATE UNIQUE INDEX "Server_nextJobId_key" ON "Server"("nextJobId");
