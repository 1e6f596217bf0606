-- AlterTable
ALTER TABLE "IpPool" ADD COLUMN "resolvers" TEXT NOT NULL DEFAULT '';

-- AlterTable
ALTER TABLE "Server" ADD COLUMN "hostKeys" TEXT;
ALTER TABLE "Server" ADD COLUMN "imageVersion" TEXT;
ALTER TABLE "Server" ADD COLUMN "userDataExitCode" INTEGER;
ALTER TABLE "Server" ADD COLUMN "userDataOutput" TEXT;
ALTER TABLE "Server" ADD COLUMN "userDataState" TEXT;
