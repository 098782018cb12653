import { chmodSync, mkdirSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { createServer as createHttpServer } from "node:http";
import { getRequestListener } from "@hono/node-server";
import type { OpenAPIHono } from "@hono/zod-openapi";
import { createApp } from "./app";
import { answerAuthorize } from "./direct-authorize";
import { createFastServer } from "./http/fast-server";
import { ConfigError, loadConfig, type ServerConfig } from "./config";
import type { AppEnv } from "./env";
import { DataFolderLockedError, lockDataFolder } from "./lock";
import { AuditService, createServices, InstanceKeys, type ServiceContext, type Services } from "./services";
import { replayDeferredNonces, startNoncePersister } from "./services/nonce-redo";
import { openSqliteStorage } from "./storage";
import { type IdGenerator, randomId } from "./util/ids";
import { createJsonLogger, type Logger } from "./util/logger";

/** Options of {@link createServer}. */
export type ServerOptions = {
  /** Data folder: `openleash.db` (SQLite), `audit/` (JSONL log) and the lock file. */
  dataDir: string;
  /** Interface to bind (default 127.0.0.1). */
  host?: string;
  /** Port (default 8787; 0 = any free port). */
  port?: number;
  /** Issuer URL in proofs (default http://<host>:<port>, the real port once listening). */
  issuer?: string;
  /** Configuration overrides (highest priority). */
  config?: Partial<ServerConfig>;
  /** YAML config file. */
  configFile?: string;
  /** Environment to read OPENLEASH_* from (default process.env). */
  env?: Record<string, string | undefined>;
  logger?: Logger;
  /** Clock (tests); default the system clock. */
  now?: () => Date;
  /** Id generator (tests); default random ids. */
  ids?: IdGenerator;
};

/** A running (or ready to listen) OpenLeash server. */
export type OpenLeashServer = {
  app: OpenAPIHono<AppEnv>;
  listen(): Promise<{ url: string }>;
  url: string | null;
  close(): Promise<void>;
  services: Services;
  config: ServerConfig;
  /** The admin token, only on the very first start of a data folder (show it once). */
  bootstrap: { adminToken: string | null };
};

type Opened = { services: Services; config: ServerConfig; adminToken: string | null; close(): Promise<void> };

const PRUNE_INTERVAL_MS = 60_000;

/** An IPv6 literal goes in brackets inside a URL (RFC 3986 §3.2.2). */
function hostForUrl(host: string): string {
  return host.includes(":") ? `[${host}]` : host;
}

async function open(options: ServerOptions, serving: boolean): Promise<Opened> {
  const config = loadConfig({
    ...(options.env ? { env: options.env } : {}),
    ...(options.configFile ? { configFile: options.configFile } : {}),
    overrides: { ...options.config, host: options.host, port: options.port, issuer: options.issuer },
  });
  if (config.databaseUrl) {
    throw new ConfigError(
      "OPENLEASH_DATABASE_URL is set, but this version ships only the embedded SQLite store; unset it to use the data folder",
      "databaseUrl",
    );
  }
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700); // holds the instance's private keys
  const release = lockDataFolder(dataDir);
  const cleanups: Array<() => Promise<void> | void> = [release];
  let closed = false;
  const closeAll = async () => {
    if (closed) return;
    closed = true;
    for (const fn of [...cleanups].reverse()) await fn();
  };
  try {
    const clock = options.now ?? (() => new Date());
    const logger = options.logger ?? createJsonLogger(config.logLevel);
    const storage = openSqliteStorage({
      dataDir,
      synchronous: config.sqliteSynchronous,
      // A long-running server keeps WAL checkpoints off its event loop; short CLI runs need no thread.
      backgroundCheckpoints: serving,
      onBackgroundError: (err) =>
        logger.warn("background WAL checkpoints failed; SQLite checkpoints inside commits again", {
          err: String(err),
        }),
      // Nonce-only authorizations are acknowledged from memory: their audit records carry the nonces
      // (services/nonce-redo.ts).
      deferNonces: true,
    });
    cleanups.push(() => storage.close());
    const keys = await InstanceKeys.load(storage, clock());
    // Checkpoints are signed by whichever key is active at the time (rotation-safe).
    const signer = {
      get kid() {
        return keys.active().kid;
      },
      sign: (d: Uint8Array) => keys.active().sign(d),
    };
    const audit = await AuditService.open({
      dir: join(dataDir, "audit"),
      maxFileBytes: config.auditMaxFileBytes,
      signer,
      // Only a test clock is passed: with its own default clock the log formats each millisecond once.
      ...(options.now ? { now: options.now } : {}),
    });
    const deferred = storage.deferredNonces;
    if (deferred) {
      // After a crash, the nonces answered since the store's last write come back from the audit log.
      const replay = await replayDeferredNonces(
        deferred,
        audit,
        config.signatureMaxSkewSeconds,
        clock().getTime(),
      );
      if (replay.restored > 0) logger.info("replayed nonces from the audit log", replay);
      // Runs after audit.close (cleanups run in reverse): the final write covers the last records.
      cleanups.push(startNoncePersister(deferred, audit, logger));
    }
    cleanups.push(() => audit.close());
    const ctx: ServiceContext = {
      storage,
      config,
      issuer: (config.issuer ?? `http://${hostForUrl(config.host)}:${config.port}`).replace(/\/+$/, ""),
      clock,
      ids: options.ids ?? randomId,
      logger,
      audit,
    };
    const services = await createServices(ctx, keys);
    const adminToken = await services.owners.bootstrapAdmin();
    if (adminToken)
      logger.warn("created the admin credential: it is handed out this once and stored only as a hash");
    const timer = setInterval(() => {
      storage
        .pruneExpired(clock().getTime())
        .catch((err) => logger.error("prune failed", { err: String(err) }));
    }, PRUNE_INTERVAL_MS);
    timer.unref();
    cleanups.push(() => clearInterval(timer));
    return { services, config, adminToken, close: closeAll };
  } catch (err) {
    await closeAll();
    throw err;
  }
}

/**
 * Opens a data folder and builds the server (not yet listening: call `listen()`). Takes the
 * folder's exclusive lock; a second server on the same folder fails with {@link DataFolderLockedError}.
 *
 * @example
 * const server = await createServer({ dataDir: ".openleash", port: 0 });
 * const { url } = await server.listen();
 * // ... await server.close();
 */
export async function createServer(options: ServerOptions): Promise<OpenLeashServer> {
  const opened = await open(options, true);
  const { services, config } = opened;
  const app = createApp(services);
  // Node's HTTP server + Hono serve every route; it never listens itself. The socket is accepted by
  // the fast path (http/fast-server.ts), which answers plain POST /v1/authorize requests with the
  // same shared checks (direct-authorize.ts) and hands every other connection over to it.
  const http = createHttpServer({ maxHeaderSize: config.maxHeaderBytes * 2 }, getRequestListener(app.fetch));
  const fast = createFastServer({
    fallback: http,
    maxHeadBytes: config.maxHeaderBytes * 2,
    maxBodyBytes: config.maxBodyBytes,
    keepAliveMs: http.keepAliveTimeout,
    requestTimeoutMs: http.headersTimeout,
    answer: (head, body, socket) =>
      answerAuthorize(services, {
        headers: head.headers,
        headerBytes: head.headerBytes,
        body,
        remoteAddress: socket.remoteAddress,
      }),
    onError: (err) => services.context.logger.error("unhandled error", { err: String(err) }),
  });
  let listening = false;
  const server: OpenLeashServer = {
    app,
    url: null,
    services,
    config,
    bootstrap: { adminToken: opened.adminToken },
    listen: () =>
      new Promise((res, rej) => {
        fast.server.once("error", rej);
        fast.server.listen(config.port, config.host, () => {
          listening = true;
          // Node's HTTP server only receives handed-over sockets; 'listening' starts its connection
          // tracking (headersTimeout/requestTimeout checks, closeAllConnections).
          http.emit("listening");
          const port = (fast.server.address() as AddressInfo).port;
          server.url = `http://${hostForUrl(config.host)}:${port}`;
          if (!config.issuer) {
            services.context.issuer = server.url;
            if (!["127.0.0.1", "::1", "localhost"].includes(config.host)) {
              services.context.logger.warn(
                "issuer defaults to the bind address; set OPENLEASH_ISSUER to the public URL",
                {
                  issuer: server.url,
                },
              );
            }
          }
          services.context.logger.info("listening", { url: server.url, issuer: services.context.issuer });
          res({ url: server.url });
        });
      }),
    close: async () => {
      services.approvals.wakeAll();
      if (listening) {
        const closing = fast.close();
        http.close(() => undefined); // not listening: this stops its connection checks
        // Long-polls would hold the close open; they are cut, agents simply poll again.
        http.closeAllConnections();
        await closing;
        listening = false;
      }
      await opened.close();
    },
  };
  return server;
}

/**
 * The service layer on a data folder without HTTP (for `openleash init` / `openleash keys` when no
 * server runs). Takes the same exclusive lock as a server.
 */
export async function openDataFolder(
  options: Omit<ServerOptions, "host" | "port"> & { issuer?: string },
): Promise<Services & { close(): Promise<void>; bootstrap: { adminToken: string | null } }> {
  const opened = await open(options, false);
  return { ...opened.services, bootstrap: { adminToken: opened.adminToken }, close: opened.close };
}

export { DataFolderLockedError };
