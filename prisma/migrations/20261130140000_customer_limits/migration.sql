-- Customers' limits and self-service switches (issue 10), resellers' own prices.
CREATE TABLE "CustomerPolicy" (
    "id" TEXT NOT NULL PRIMARY KEY DEFAULT 'global',
    "maxServers" INTEGER NOT NULL DEFAULT 10,
    "maxVcpus" REAL NOT NULL DEFAULT 16,
    "maxMemoryMb" INTEGER NOT NULL DEFAULT 32768,
    "maxDiskMb" INTEGER NOT NULL DEFAULT 512000,
    "maxIpv4" INTEGER NOT NULL DEFAULT 10,
    "selfServiceOrders" BOOLEAN NOT NULL DEFAULT true,
    "selfServicePlanChanges" BOOLEAN NOT NULL DEFAULT true,
    "billingServersSelfResize" BOOLEAN NOT NULL DEFAULT false,
    "updatedAt" DATETIME NOT NULL
);

CREATE TABLE "CustomerQuota" (
    "customerId" TEXT NOT NULL PRIMARY KEY,
    "maxServers" INTEGER,
    "maxVcpus" REAL,
    "maxMemoryMb" INTEGER,
    "maxDiskMb" INTEGER,
    "maxIpv4" INTEGER,
    "usedServers" INTEGER NOT NULL DEFAULT 0,
    "usedVcpus" REAL NOT NULL DEFAULT 0,
    "usedMemoryMb" INTEGER NOT NULL DEFAULT 0,
    "usedDiskMb" INTEGER NOT NULL DEFAULT 0,
    "usedIpv4" INTEGER NOT NULL DEFAULT 0,
    "selfServiceOrders" BOOLEAN NOT NULL DEFAULT true,
    "selfServicePlanChanges" BOOLEAN NOT NULL DEFAULT true
);

ALTER TABLE "ResellerQuota" ADD COLUMN "selfServiceOrders" BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE "ResellerQuota" ADD COLUMN "selfServicePlanChanges" BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE "ResellerPlan" ADD COLUMN "monthlyPriceCents" INTEGER;
