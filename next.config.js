/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native SQLite bindings and Prisma's driver adapter must be loaded by Node, not bundled.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "bullmq", "ioredis"],
  poweredByHeader: false,
};

export default nextConfig;
