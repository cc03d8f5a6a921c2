// Filled in with the Prisma workarounds.
