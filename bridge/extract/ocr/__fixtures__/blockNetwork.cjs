// Preloaded (node --require) into a process and, through execArgv, into its worker threads: any
// attempt to reach a host other than this machine throws and is reported on stderr.
const net = require("node:net");
const dns = require("node:dns");
const local = (host) => !host || host === "localhost" || host === "127.0.0.1" || host === "::1";
const refuse = (what) => {
  process.stderr.write(`NETWORK ATTEMPT: ${what}\n`);
  throw new Error(`network blocked: ${what}`);
};
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function (...args) {
  const opts = typeof args[0] === "object" && args[0] !== null ? args[0] : { port: args[0], host: args[1] };
  if (!opts.path && !local(opts.host)) refuse(`connect ${opts.host}:${opts.port}`);
  return connect.apply(this, args);
};
const lookup = dns.lookup;
dns.lookup = function (host, ...rest) {
  if (!local(host)) refuse(`dns ${host}`);
  return lookup.call(this, host, ...rest);
};
if (typeof globalThis.fetch === "function") {
  const f = globalThis.fetch;
  globalThis.fetch = (input, init) => {
    const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
    if (url.protocol !== "file:" && !local(url.hostname)) refuse(`fetch ${url.href}`);
    return f(input, init);
  };
}
