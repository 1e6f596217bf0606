-- CreateTable
CREATE TABLE "ImageVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "hostId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "osName" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "sizeBytes" BIGINT NOT NULL,
    "containers" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "seenAt" DATETIME NOT NULL,
    CONSTRAINT "ImageVersion_hostId_fkey" FOREIGN KEY ("hostId") REFERENCES "Host" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ImageVersion_name_idx" ON "ImageVersion"("name");

-- CreateIndex
CREATE UNIQUE INDEX "ImageVersion_hostId_name_version_key" ON "ImageVersion"("hostId", "name", "version");
