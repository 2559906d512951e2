// Child-process entry for the test harness: starts unleash-server from the git-ignored cache with
// the options the parent passes in FLAGLENS_UNLEASH_OPTIONS, and stops it cleanly on SIGTERM/SIGINT
// so the parent's teardown never leaves a half-closed database pool behind.
'use strict';

const modulePath = process.env.FLAGLENS_UNLEASH_MODULE;
const options = JSON.parse(process.env.FLAGLENS_UNLEASH_OPTIONS || '{}');
// Keep the secret out of anything a crash dump or `ps e` could show later.
delete process.env.FLAGLENS_UNLEASH_OPTIONS;

const unleash = require(modulePath);
let instance;
let stopping = false;

async function stop(code) {
  if (stopping) return;
  stopping = true;
  try {
    if (instance) await instance.stop();
  } catch (error) {
    console.error('unleash stop failed:', error && error.message);
  }
  process.exit(code);
}

process.on('SIGTERM', () => void stop(0));
process.on('SIGINT', () => void stop(0));
// The parent's end of the IPC channel closing means it died: do not outlive it.
process.on('disconnect', () => void stop(0));

unleash
  .start(options)
  .then((started) => {
    instance = started;
    if (process.send) process.send({ ready: true });
  })
  .catch((error) => {
    console.error('unleash failed to start:', error && error.stack ? error.stack : error);
    process.exit(1);
  });
