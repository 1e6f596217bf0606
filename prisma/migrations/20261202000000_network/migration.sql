-- A network that isolates and connects (issue 9): pools per host with a mode and uplink, port
-- forwards, customers' firewalls, usage samples and monthly transfer, plans' transfer allowances.

-- AlterTable
ALTER TABLE "Server" ADD COLUMN "transferLimitAction" TEXT;
ALTER TABLE "Server" ADD COLUMN "transferLimitedMonth" TEXT;

-- CreateTable
CREATE TABLE "PortForward" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "serverId" TEXT NOT NULL,
    "hostId" TEXT NOT NULL,
    "protocol" TEXT NOT NULL,
    "publicPort" INTEGER NOT NULL,
    "privatePort" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "PortForward_serverId_fkey" FOREIGN KEY ("serverId") REFERENCES "Server" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PortForward_hostId_fkey" FOREIGN KEY ("hostId") REFERENCES "Host" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ServerFirewall" (
    "serverId" TEXT NOT NULL PRIMARY KEY,
    "defaultInbound" TEXT NOT NULL DEFAULT 'accept',
    "rules" TEXT NOT NULL DEFAULT '[]',
    "version" INTEGER NOT NULL DEFAULT 0,
    "appliedVersion" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ServerFirewall_serverId_fkey" FOREIGN KEY ("serverId") REFERENCES "Server" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "UsageSample" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "serverId" TEXT NOT NULL,
    "hostId" TEXT NOT NULL,
    "resolution" TEXT NOT NULL,
    "bucket" DATETIME NOT NULL,
    "seconds" REAL NOT NULL DEFAULT 0,
    "cpuSeconds" REAL NOT NULL DEFAULT 0,
    "memoryBytes" REAL NOT NULL DEFAULT 0,
    "diskBytes" REAL NOT NULL DEFAULT 0,
    "ioReadBytes" REAL NOT NULL DEFAULT 0,
    "ioWriteBytes" REAL NOT NULL DEFAULT 0,
    "rxBytes" REAL NOT NULL DEFAULT 0,
    "txBytes" REAL NOT NULL DEFAULT 0,
    CONSTRAINT "UsageSample_serverId_fkey" FOREIGN KEY ("serverId") REFERENCES "Server" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "UsageCursor" (
    "serverId" TEXT NOT NULL PRIMARY KEY,
    "sampledAt" DATETIME NOT NULL,
    "counters" TEXT NOT NULL,
    "drops" TEXT NOT NULL DEFAULT '{}',
    CONSTRAINT "UsageCursor_serverId_fkey" FOREIGN KEY ("serverId") REFERENCES "Server" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ServerTransfer" (
    "serverId" TEXT NOT NULL,
    "month" TEXT NOT NULL,
    "rxBytes" REAL NOT NULL DEFAULT 0,
    "txBytes" REAL NOT NULL DEFAULT 0,
    "cpuSeconds" REAL NOT NULL DEFAULT 0,

    PRIMARY KEY ("serverId", "month"),
    CONSTRAINT "ServerTransfer_serverId_fkey" FOREIGN KEY ("serverId") REFERENCES "Server" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Plan" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "vcpus" REAL NOT NULL,
    "memoryMb" INTEGER NOT NULL,
    "swapMb" INTEGER NOT NULL,
    "diskMb" INTEGER NOT NULL,
    "processes" INTEGER NOT NULL,
    "ioReadMbps" INTEGER NOT NULL,
    "ioWriteMbps" INTEGER NOT NULL,
    "networkMbps" INTEGER NOT NULL,
    "monthlyPriceCents" INTEGER NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "addressMode" TEXT NOT NULL DEFAULT 'nat',
    "monthlyTransferGb" REAL NOT NULL DEFAULT 0,
    "transferOverageAction" TEXT NOT NULL DEFAULT 'throttle',
    "transferThrottleMbps" INTEGER NOT NULL DEFAULT 10
);
INSERT INTO "new_Plan" ("active", "createdAt", "diskMb", "id", "ioReadMbps", "ioWriteMbps", "memoryMb", "monthlyPriceCents", "name", "networkMbps", "processes", "slug", "swapMb", "vcpus") SELECT "active", "createdAt", "diskMb", "id", "ioReadMbps", "ioWriteMbps", "memoryMb", "monthlyPriceCents", "name", "networkMbps", "processes", "slug", "swapMb", "vcpus" FROM "Plan";
DROP TABLE "Plan";
ALTER TABLE "new_Plan" RENAME TO "Plan";
CREATE UNIQUE INDEX "Plan_slug_key" ON "Plan"("slug");
CREATE TABLE "new_IpPool" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "family" INTEGER NOT NULL,
    "network" TEXT NOT NULL,
    "gateway" TEXT NOT NULL,
    "resolvers" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "hostId" TEXT,
    "mode" TEXT NOT NULL DEFAULT 'nat',
    "uplink" TEXT,
    "proxyNeighbour" BOOLEAN NOT NULL DEFAULT false,
    "assignedPrefixLength" INTEGER NOT NULL DEFAULT 128,
    "publicAddress" TEXT,
    CONSTRAINT "IpPool_hostId_fkey" FOREIGN KEY ("hostId") REFERENCES "Host" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_IpPool" ("createdAt", "family", "gateway", "id", "name", "network", "resolvers") SELECT "createdAt", "family", "gateway", "id", "name", "network", "resolvers" FROM "IpPool";
DROP TABLE "IpPool";
ALTER TABLE "new_IpPool" RENAME TO "IpPool";
CREATE UNIQUE INDEX "IpPool_name_key" ON "IpPool"("name");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "PortForward_serverId_idx" ON "PortForward"("serverId");

-- CreateIndex
CREATE UNIQUE INDEX "PortForward_hostId_protocol_publicPort_key" ON "PortForward"("hostId", "protocol", "publicPort");

-- CreateIndex
CREATE INDEX "UsageSample_hostId_resolution_bucket_idx" ON "UsageSample"("hostId", "resolution", "bucket");

-- CreateIndex
CREATE INDEX "UsageSample_resolution_bucket_idx" ON "UsageSample"("resolution", "bucket");

-- CreateIndex
CREATE UNIQUE INDEX "UsageSample_serverId_resolution_bucket_key" ON "UsageSample"("serverId", "resolution", "bucket");


-- Pools made before pools had hosts belong to the first host (the one the first run seeded).
UPDATE "IpPool" SET "hostId" = (SELECT "id" FROM "Host" ORDER BY "createdAt" LIMIT 1) WHERE "hostId" IS NULL;
