-- CreateIndex
CREATE INDEX "gateway_tasks_orgId_expiresAt_idx" ON "gateway_tasks"("orgId", "expiresAt");

