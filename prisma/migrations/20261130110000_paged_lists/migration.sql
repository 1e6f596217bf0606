-- Paged lists (lib/pagination/read-page.ts) read newest first: ORDER BY createdAt DESC, id DESC.
CREATE INDEX "User_createdAt_id_idx" ON "User"("createdAt", "id");
CREATE INDEX "Server_createdAt_id_idx" ON "Server"("createdAt", "id");
CREATE INDEX "Job_createdAt_id_idx" ON "Job"("createdAt", "id");
CREATE INDEX "AuditEvent_createdAt_id_idx" ON "AuditEvent"("createdAt", "id");
