-- AlterTable
ALTER TABLE "tools" ADD COLUMN     "classReasons" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "riskReasons" TEXT[] DEFAULT ARRAY[]::TEXT[];

