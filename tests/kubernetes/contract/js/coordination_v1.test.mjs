// @kubernetes/client-node's CoordinationV1Api against the Lease API stand-in, through a KubeConfig loaded from the
// kubeconfig file the stand-in's helper writes (https with its own CA, bearer token, namespace).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import * as k8s from '@kubernetes/client-node';
import { startLeaseApi } from './lease_api.mjs';

let standin;
let kubeConfig;
let leases;
let namespace;

before(async () => {
  standin = await startLeaseApi();
  kubeConfig = new k8s.KubeConfig();
  kubeConfig.loadFromFile(standin.kubeconfig);
  namespace = kubeConfig.getContextObject(kubeConfig.getCurrentContext()).namespace;
  leases = kubeConfig.makeApiClient(k8s.CoordinationV1Api);
});

after(async () => {
  await standin?.stop();
});

// An ApiException's status and Status body; fails when the call succeeded.
async function rejection(call) {
  try {
    await call;
  } catch (error) {
    assert.ok(error instanceof k8s.ApiException, `not an ApiException: ${error}`);
    const body = typeof error.body === 'string' && error.body ? JSON.parse(error.body) : error.body;
    return { code: error.code, body };
  }
  assert.fail('the call succeeded');
}

function lease(name, holder, spec = {}) {
  return {
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name },
    spec: {
      holderIdentity: holder,
      leaseDurationSeconds: 15,
      acquireTime: new k8s.V1MicroTime('2026-12-06T19:50:00.123Z'),
      renewTime: new k8s.V1MicroTime(),
      leaseTransitions: 0,
      ...spec,
    },
  };
}

test('the kubeconfig names the stand-in over https with a CA file', () => {
  const cluster = kubeConfig.getCurrentCluster();
  assert.equal(cluster.server, standin.url);
  assert.match(cluster.server, /^https:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(cluster.caFile, standin.ca);
  assert.match(readFileSync(cluster.caFile, 'utf8'), /BEGIN CERTIFICATE/);
});

test('create answers the stored lease with a resourceVersion, uid and creationTimestamp', async () => {
  const created = await leases.createNamespacedLease({ namespace, body: lease('rds-exporter-scope-a', 'replica-1') });
  assert.equal(created.metadata.name, 'rds-exporter-scope-a');
  assert.equal(created.metadata.namespace, namespace);
  assert.match(created.metadata.resourceVersion, /^\d+$/);
  assert.ok(created.metadata.uid);
  assert.ok(created.metadata.creationTimestamp instanceof Date);
  assert.equal(created.spec.holderIdentity, 'replica-1');
  assert.equal(created.spec.leaseDurationSeconds, 15);
  // MicroTime comes back as the API server writes it: UTC, six fractional digits.
  assert.equal(String(created.spec.acquireTime), '2026-12-06T19:50:00.123000Z');
});

test('creating a name that exists is 409 AlreadyExists', async () => {
  const { code, body } = await rejection(
    leases.createNamespacedLease({ namespace, body: lease('rds-exporter-scope-a', 'replica-2') }));
  assert.equal(code, 409);
  assert.equal(body.kind, 'Status');
  assert.equal(body.reason, 'AlreadyExists');
  assert.equal(body.message, 'leases.coordination.k8s.io "rds-exporter-scope-a" already exists');
});

test('read returns what create stored; a missing lease is 404 NotFound', async () => {
  const read = await leases.readNamespacedLease({ name: 'rds-exporter-scope-a', namespace });
  assert.equal(read.spec.holderIdentity, 'replica-1');
  const { code, body } = await rejection(leases.readNamespacedLease({ name: 'no-such-lease', namespace }));
  assert.equal(code, 404);
  assert.equal(body.reason, 'NotFound');
  assert.equal(body.details.name, 'no-such-lease');
  assert.equal(body.details.kind, 'leases');
});

test('list returns a LeaseList with the current resourceVersion', async () => {
  await leases.createNamespacedLease({ namespace, body: lease('rds-exporter-scope-b', 'replica-2') });
  const list = await leases.listNamespacedLease({ namespace });
  assert.deepEqual(list.items.map((item) => item.metadata.name), ['rds-exporter-scope-a', 'rds-exporter-scope-b']);
  assert.match(list.metadata.resourceVersion, /^\d+$/);
  const newest = Math.max(...list.items.map((item) => Number(item.metadata.resourceVersion)));
  assert.ok(Number(list.metadata.resourceVersion) >= newest);
  const all = await leases.listLeaseForAllNamespaces();
  assert.equal(all.items.length, 2);
});

test('replace with the current resourceVersion renews; the stale one is 409 Conflict', async () => {
  const current = await leases.readNamespacedLease({ name: 'rds-exporter-scope-a', namespace });
  const renewed = await leases.replaceNamespacedLease({
    name: 'rds-exporter-scope-a', namespace,
    body: { ...current, spec: { ...current.spec, renewTime: new k8s.V1MicroTime() } },
  });
  assert.ok(Number(renewed.metadata.resourceVersion) > Number(current.metadata.resourceVersion));
  assert.equal(renewed.metadata.uid, current.metadata.uid);

  // Another replica still holding the old resourceVersion tries to take the lease.
  const { code, body } = await rejection(leases.replaceNamespacedLease({
    name: 'rds-exporter-scope-a', namespace,
    body: { ...current, spec: { ...current.spec, holderIdentity: 'replica-2', leaseTransitions: 1 } },
  }));
  assert.equal(code, 409);
  assert.equal(body.reason, 'Conflict');
  assert.equal(body.message, 'Operation cannot be fulfilled on leases.coordination.k8s.io "rds-exporter-scope-a": '
    + 'the object has been modified; please apply your changes to the latest version and try again');
  const after = await leases.readNamespacedLease({ name: 'rds-exporter-scope-a', namespace });
  assert.equal(after.spec.holderIdentity, 'replica-1');
  assert.equal(after.metadata.resourceVersion, renewed.metadata.resourceVersion);
});

test('validation: leaseDurationSeconds 0 is 422 Invalid; a millisecond time is refused as the API server does', async () => {
  const invalid = await rejection(leases.createNamespacedLease({
    namespace, body: lease('rds-exporter-scope-c', 'replica-1', { leaseDurationSeconds: 0 }) }));
  assert.equal(invalid.code, 422);
  assert.equal(invalid.body.reason, 'Invalid');
  assert.equal(invalid.body.details.causes[0].field, 'spec.leaseDurationSeconds');

  // A plain Date serializes with milliseconds, which metav1.MicroTime does not parse: the API server answers 400.
  const millis = await rejection(leases.createNamespacedLease({
    namespace, body: lease('rds-exporter-scope-c', 'replica-1', { renewTime: new Date() }) }));
  assert.equal(millis.code, 400);
  assert.equal(millis.body.reason, 'BadRequest');
  assert.match(millis.body.message, /cannot be handled as a Lease: parsing time/);
});

test('delete answers a Success Status; the lease is gone', async () => {
  const status = await leases.deleteNamespacedLease({ name: 'rds-exporter-scope-b', namespace });
  assert.equal(status.status, 'Success');
  assert.equal(status.details.name, 'rds-exporter-scope-b');
  const { code } = await rejection(leases.readNamespacedLease({ name: 'rds-exporter-scope-b', namespace }));
  assert.equal(code, 404);
  const again = await rejection(leases.deleteNamespacedLease({ name: 'rds-exporter-scope-b', namespace }));
  assert.equal(again.code, 404);
});

test('a token the server does not accept is 401 Unauthorized', async () => {
  const other = new k8s.KubeConfig();
  other.loadFromFile(standin.kubeconfig);
  other.users[0] = { ...other.users[0], token: 'not-the-token' };
  const denied = other.makeApiClient(k8s.CoordinationV1Api);
  const { code } = await rejection(denied.readNamespacedLease({ name: 'rds-exporter-scope-a', namespace }));
  // The client throws its own "Unauthorized" without the body (the Status object is checked by the Python tests).
  assert.equal(code, 401);
  const writeDenied = await rejection(denied.createNamespacedLease({ namespace, body: lease('x', 'replica-3') }));
  assert.equal(writeDenied.code, 401);
});
