-- What customers and resellers see of a failed job; Job.error keeps the detail for admins.
ALTER TABLE "Job" ADD COLUMN "publicError" TEXT;
