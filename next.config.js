/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native SQLite bindings, the PostgreSQL driver and Prisma's driver adapters must be loaded by
  // Node, not bundled. prom-client keeps its registries and process metrics per Node process, not per bundle.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "pg", "@prisma/adapter-pg", "bullmq", "ioredis", "prom-client"],
  poweredByHeader: false,
  experimental: {
    // Next.js buffers the body of every request proxy.ts sees (pages' server actions, API paths
    // with a percent escape) up to this size before the handler runs; 2 MB is above every body
    // cap (API 1 MiB, server actions 1 MB, billing 256 KiB), so a cut body is still refused as too large.
    proxyClientMaxBodySize: "2mb",
  },
};

export default nextConfig;
