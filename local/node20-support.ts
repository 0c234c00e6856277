/**
 * What the project needs while it runs on Node 20 (the README says until when). Import this module
 * first in every entry point: ES modules evaluate their imports before their own body, so a
 * setting made in an entry point's body comes after every imported module has run.
 */

declare global {
  interface PromiseConstructor {
    withResolvers<T>(): {
      promise: Promise<T>;
      resolve: (value: T | PromiseLike<T>) => void;
      reject: (reason?: unknown) => void;
    };
  }
}

const runningOnNode20 = Number(process.versions.node.split('.')[0]) < 22;

// The AWS SDK v3 prints a NodeVersionSupportWarning block in every process and worker thread on
// Node < 22 (its releases after early January 2027 require Node 22). The README says so once;
// `npm start`, the demo and the tests need not repeat it on every run. Worker threads inherit it.
if (runningOnNode20) process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

// aws-local-stepfunctions 3 calls Promise.withResolvers (ES2024, Node >= 22) in every Task state.
if (typeof Promise.withResolvers !== 'function') {
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: <T>() => {
      let resolve!: (value: T | PromiseLike<T>) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new Promise<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}

export {};
