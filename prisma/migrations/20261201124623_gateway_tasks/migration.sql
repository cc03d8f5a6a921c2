-- CreateEnum
CREATE TYPE "TaskKind" AS ENUM ('gateway', 'upstream');

-- AlterEnum
ALTER TYPE "ApprovalMode" ADD VALUE 'task';

-- CreateTable
CREATE TABLE "gateway_tasks" (
    "id" TEXT NOT NULL DEFAULT ('tsk_'::text || replace((gen_random_uuid())::text, '-'::text, ''::text)),
    "orgId" TEXT NOT NULL,
    "grantId" TEXT NOT NULL,
    "serverId" TEXT NOT NULL,
    "kind" "TaskKind" NOT NULL,
    "taskId" TEXT NOT NULL,
    "sessionId" TEXT,
    "toolName" TEXT NOT NULL,
    "params" JSONB,
    "approvalId" TEXT,
    "policyId" TEXT,
    "policyVersion" INTEGER,
    "ruleId" TEXT,
    "status" TEXT NOT NULL DEFAULT 'working',
    "statusMessage" TEXT,
    "outcome" TEXT,
    "ttlMs" INTEGER NOT NULL,
    "pollIntervalMs" INTEGER NOT NULL,
    "claimedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUpdatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "gateway_tasks_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "gateway_tasks_grantId_createdAt_idx" ON "gateway_tasks"("grantId", "createdAt");

-- CreateIndex
CREATE INDEX "gateway_tasks_approvalId_idx" ON "gateway_tasks"("approvalId");

-- CreateIndex
CREATE INDEX "gateway_tasks_expiresAt_idx" ON "gateway_tasks"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "gateway_tasks_serverId_taskId_key" ON "gateway_tasks"("serverId", "taskId");

-- AddForeignKey
ALTER TABLE "gateway_tasks" ADD CONSTRAINT "gateway_tasks_grantId_fkey" FOREIGN KEY ("grantId") REFERENCES "grants"("id") ON DELETE CASCADE ON UPDATE CASCADE;

