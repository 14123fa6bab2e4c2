'use strict';
// One function instance = this worker thread. It loads the function once (the cold start) and
// runs one invocation at a time: the SDK reads the caller's identity from process.env on every
// call, and this thread's process.env is its own copy, so setting it per invocation is safe here.
const { parentPort, workerData } = require('node:worker_threads');
const util = require('node:util');

let currentRequestId = null;

function memory() {
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed };
}

function serializeError(err) {
  if (err instanceof Error) return { name: err.name, message: err.message, stack: err.stack };
  return { name: 'Error', message: typeof err === 'string' ? err : util.inspect(err) };
}

// Console output goes through the same port as the result, so every line of an invocation
// reaches the runner before its result does and is tagged with the right request id.
for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace']) {
  console[level] = (...args) => {
    parentPort.postMessage({ type: 'log', requestId: currentRequestId, level, text: util.format(...args) });
  };
}

function applyEnv(env) {
  for (const [key, value] of Object.entries(env)) {
    if (value === null) delete process.env[key];
    else process.env[key] = value;
  }
}

let fn;
try {
  fn = require(workerData.entryFile);
  if (!fn || typeof fn.main !== 'function') throw new Error('exports.main is not a function');
} catch (err) {
  parentPort.postMessage({ type: 'init-failed', error: serializeError(err) });
  fn = null;
}

if (fn) {
  parentPort.on('message', async (msg) => {
    if (!msg || msg.type !== 'invoke') return;
    applyEnv(msg.env);
    currentRequestId = msg.requestId;
    try {
      const value = await fn.main(msg.event, msg.context);
      // The platform hands the caller JSON, so the caller gets what JSON keeps and nothing more.
      const json = JSON.stringify(value === undefined ? null : value);
      parentPort.postMessage({ type: 'result', requestId: msg.requestId, json, memory: memory() });
    } catch (err) {
      parentPort.postMessage({ type: 'error', requestId: msg.requestId, error: serializeError(err), memory: memory() });
    } finally {
      currentRequestId = null;
    }
  });
  parentPort.postMessage({ type: 'ready', memory: memory() });
}
