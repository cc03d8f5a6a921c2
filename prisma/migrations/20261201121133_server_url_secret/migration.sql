-- AlterTable
ALTER TABLE "mcp_servers" ADD COLUMN     "urlCiphertext" TEXT,
ADD COLUMN     "urlKeyId" TEXT;

