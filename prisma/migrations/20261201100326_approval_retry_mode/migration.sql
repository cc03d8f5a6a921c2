-- CreateEnum
CREATE TYPE "ApprovalMode" AS ENUM ('hold', 'retry');

-- AlterTable
ALTER TABLE "approvals" ADD COLUMN     "mode" "ApprovalMode" NOT NULL DEFAULT 'hold';

-- CreateIndex
CREATE INDEX "approvals_grantId_toolName_argumentsHash_idx" ON "approvals"("grantId", "toolName", "argumentsHash");

