/**
 * How every service's Node.js process runs, the same under the launcher, in the images
 * (services/<service>/Dockerfile) and in each service's `start` script; deploy-checks holds them
 * to it.
 *
 * Memory: left alone, V8 lets the old generation grow toward a limit sized from the host's
 * memory before it collects in earnest, and a 16 MiB semi-space per young generation; under
 * load each service sat at 200-260 MB RSS with a live heap a fraction of that. Capping the
 * old generation at 96 MiB makes V8 collect sooner (the services hold no caches that need
 * more: the biggest is the ledger's chain heads), and 2 MiB semi-spaces trade a few more
 * scavenges for 28 MiB less. The measured effect is in the README's Benchmarks section.
 * A service that truly needs more heap than the cap fails fast with an out-of-memory crash
 * that its supervisor restarts, rather than growing into its container's limit.
 */
export const SERVICE_NODE_FLAGS: readonly string[] = ["--max-old-space-size=96", "--max-semi-space-size=2", "--enable-source-maps"];

/**
 * glibc gives each thread that allocates its own malloc arena (up to 8 per core), and memory
 * freed in one is not reused by another; Node's worker threads (gRPC, crypto, zlib) would each
 * keep one. Two arenas keep native memory compact at no measurable cost.
 */
export const SERVICE_RUNTIME_ENVIRONMENT: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: "2" };
