-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Job" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "type" TEXT NOT NULL,
    "orderId" TEXT,
    "serverId" TEXT,
    "payload" TEXT NOT NULL DEFAULT '{}',
    "state" TEXT NOT NULL DEFAULT 'queued',
    "progress" INTEGER NOT NULL DEFAULT 0,
    "step" TEXT,
    "completedSteps" TEXT NOT NULL DEFAULT '[]',
    "agentOperationIds" TEXT NOT NULL DEFAULT '[]',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME,
    "discardedAt" DATETIME,
    CONSTRAINT "Job_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "Order" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Job" ("attempts", "completedSteps", "createdAt", "discardedAt", "error", "finishedAt", "id", "orderId", "payload", "progress", "serverId", "state", "step", "type", "updatedAt") SELECT "attempts", "completedSteps", "createdAt", "discardedAt", "error", "finishedAt", "id", "orderId", "payload", "progress", "serverId", "state", "step", "type", "updatedAt" FROM "Job";
DROP TABLE "Job";
ALTER TABLE "new_Job" RENAME TO "Job";
CREATE INDEX "Job_orderId_idx" ON "Job"("orderId");
CREATE INDEX "Job_serverId_idx" ON "Job"("serverId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

