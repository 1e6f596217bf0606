-- AlterTable
ALTER TABLE "Server" ADD COLUMN "antiAffinityGroup" TEXT;

-- CreateTable
CREATE TABLE "HostGroup" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "placementPolicy" TEXT NOT NULL DEFAULT 'spread',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
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
    "transferThrottleMbps" INTEGER NOT NULL DEFAULT 10,
    "hostGroupId" TEXT,
    CONSTRAINT "Plan_hostGroupId_fkey" FOREIGN KEY ("hostGroupId") REFERENCES "HostGroup" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Plan" ("active", "addressMode", "createdAt", "diskMb", "id", "ioReadMbps", "ioWriteMbps", "memoryMb", "monthlyPriceCents", "monthlyTransferGb", "name", "networkMbps", "processes", "slug", "swapMb", "transferOverageAction", "transferThrottleMbps", "vcpus") SELECT "active", "addressMode", "createdAt", "diskMb", "id", "ioReadMbps", "ioWriteMbps", "memoryMb", "monthlyPriceCents", "monthlyTransferGb", "name", "networkMbps", "processes", "slug", "swapMb", "transferOverageAction", "transferThrottleMbps", "vcpus" FROM "Plan";
DROP TABLE "Plan";
ALTER TABLE "new_Plan" RENAME TO "Plan";
CREATE UNIQUE INDEX "Plan_slug_key" ON "Plan"("slug");
CREATE TABLE "new_Host" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "agentUrl" TEXT NOT NULL,
    "agentSecretEncrypted" TEXT NOT NULL,
    "agentCertificateSha256" TEXT,
    "agentCertificatePem" TEXT,
    "joinTokenHash" TEXT,
    "joinTokenExpiresAt" DATETIME,
    "joinedAt" DATETIME,
    "idmapFloor" INTEGER NOT NULL DEFAULT 131072,
    "vcpuCapacity" REAL NOT NULL,
    "memoryMbCapacity" INTEGER NOT NULL,
    "diskMbCapacity" INTEGER NOT NULL,
    "vcpuOvercommit" REAL NOT NULL DEFAULT 1,
    "memoryOvercommit" REAL NOT NULL DEFAULT 1,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "draining" BOOLEAN NOT NULL DEFAULT false,
    "health" TEXT NOT NULL DEFAULT 'up',
    "lastSeenAt" DATETIME,
    "healthMessage" TEXT,
    "maintenanceNotice" TEXT,
    "maintenanceSince" DATETIME,
    "hostGroupId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Host_hostGroupId_fkey" FOREIGN KEY ("hostGroupId") REFERENCES "HostGroup" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Host" ("active", "agentSecretEncrypted", "agentUrl", "createdAt", "diskMbCapacity", "id", "idmapFloor", "memoryMbCapacity", "name", "vcpuCapacity") SELECT "active", "agentSecretEncrypted", "agentUrl", "createdAt", "diskMbCapacity", "id", "idmapFloor", "memoryMbCapacity", "name", "vcpuCapacity" FROM "Host";
DROP TABLE "Host";
ALTER TABLE "new_Host" RENAME TO "Host";
CREATE UNIQUE INDEX "Host_name_key" ON "Host"("name");
CREATE UNIQUE INDEX "Host_joinTokenHash_key" ON "Host"("joinTokenHash");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "HostGroup_name_key" ON "HostGroup"("name");


-- Hosts made before overcommit had a fixed 4 vCPUs per CPU thread in their capacity.
UPDATE "Host" SET "vcpuCapacity" = "vcpuCapacity" / 4, "vcpuOvercommit" = 4;
