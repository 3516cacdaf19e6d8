// jsforce (a real Salesforce client library, pinned in package.json) against the gateway's
// Salesforce REST API: describe, create, retrieve, update, upsert (one record and many: sObject
// Collections), query with queryMore, an aggregate query, and the errors jsforce reports. Usage: node compat.mjs http://127.0.0.1:PORT
// (the REST listener of a gateway on an EMPTY store: counts are checked exactly). Every check
// failing throws; the exit code is 1 then, with the check named.
import assert from 'node:assert/strict';
import jsforce from 'jsforce';

const base = process.argv[2];
if (!base) {
  console.error('usage: node compat.mjs http://127.0.0.1:PORT');
  process.exit(2);
}

const Usage = 'MessagingChannelUsage';
const channelCount = 70; // × 3 deployment types = 210 usages: more than one page of 200
let checks = 0;

async function check(name, body) {
  try {
    await body();
    checks++;
    console.log(`ok   ${name}`);
  } catch (error) {
    console.error(`FAIL ${name}`);
    throw error;
  }
}

async function waitForGateway() {
  for (let i = 0; i < 600; i++) {
    try {
      const response = await fetch(`${base}/services/data/`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no gateway answered at ${base}/services/data/ within 60 s`);
}

/** A channel through the JSON route POST /v1/channels (the REST API has no channel object). */
async function createChannel(n) {
  const response = await fetch(`${base}/v1/channels`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      developerName: `Jsforce_${process.pid}_${n}`,
      masterLabel: `jsforce compatibility ${n}`,
      kind: 'CHANNEL_KIND_UNIFIED',
      messageType: 'MESSAGE_TYPE_TEXT',
      fallbackQueueId: '00G000000TESTQ1',
      optOutConfirmation: 'You are out.',
      helpResponse: 'Help is here.',
    }),
  });
  const body = await response.json();
  assert.equal(response.status, 200, `POST /v1/channels: ${JSON.stringify(body)}`);
  return body.id;
}

/** Runs promise-returning jobs, a few at a time. */
async function inBatches(items, size, job) {
  const results = [];
  for (let i = 0; i < items.length; i += size) {
    results.push(...(await Promise.all(items.slice(i, i + size).map(job))));
  }
  return results;
}

await waitForGateway();
const conn = new jsforce.Connection({ instanceUrl: base, accessToken: 'jsforce-compat', version: '60.0' });
const usages = conn.sobject(Usage);

let describe;
await check('describe: the object, its flags and its picklists', async () => {
  describe = await usages.describe();
  assert.equal(describe.name, Usage);
  assert.equal(describe.keyPrefix, '0Mu');
  assert.equal(describe.createable, true);
  assert.equal(describe.updateable, true);
  assert.equal(describe.queryable, true);
  assert.equal(describe.deletable, false);
  const type = describe.fields.find((f) => f.name === 'DeploymentType');
  assert.equal(type.type, 'picklist');
  assert.equal(type.restrictedPicklist, true);
  assert.equal(type.picklistValues.length, 3);
});
const picklist = (field) => describe.fields.find((f) => f.name === field).picklistValues.map((v) => v.value);
const [deploymentTypes, consentTypes] = [picklist('DeploymentType'), picklist('ConsentType')];

await check('describeGlobal lists the object', async () => {
  const global = await conn.describeGlobal();
  assert.deepEqual(global.sobjects.map((s) => s.name), [Usage]);
});

const channels = await inBatches([...Array(channelCount).keys()], 10, createChannel);

let id;
await check('create: 201 with the new id', async () => {
  const result = await usages.create({ MessagingChannelId: channels[0], DeploymentType: deploymentTypes[0] });
  assert.equal(result.success, true);
  assert.match(result.id, /^0Mu[0-9A-Za-z]{15}$/);
  id = result.id;
});

await check('retrieve: the record with attributes and fields', async () => {
  const record = await usages.retrieve(id);
  assert.equal(record.Id, id);
  assert.equal(record.attributes.type, Usage);
  assert.equal(record.MessagingChannelId, channels[0]);
  assert.equal(record.DeploymentType, deploymentTypes[0]);
  assert.equal(record.DeploymentStatus, 'New');
  assert.match(record.CreatedDate, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
});

await check('update: the change is stored', async () => {
  const result = await usages.update({ Id: id, ConsentType: consentTypes[1] });
  assert.equal(result.success, true);
  assert.equal(result.id, id);
  assert.equal((await usages.retrieve(id)).ConsentType, consentTypes[1]);
});

await check('upsert on Id: updates the record, created false', async () => {
  const result = await usages.upsert({ Id: id, ConsentType: consentTypes[0] }, 'Id');
  assert.equal(result.success, true);
  assert.equal(result.created, false);
  assert.equal((await usages.retrieve(id)).ConsentType, consentTypes[0]);
});

await check('create with a picklist value that does not exist: INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', async () => {
  await assert.rejects(usages.create({ MessagingChannelId: channels[1], DeploymentType: 'NoSuchType' }), (error) => {
    assert.equal(error.errorCode, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST');
    return true;
  });
});

await check('create of a second usage of the same type on a channel: DUPLICATE_VALUE', async () => {
  await assert.rejects(usages.create({ MessagingChannelId: channels[0], DeploymentType: deploymentTypes[0] }), (error) => {
    assert.equal(error.errorCode, 'DUPLICATE_VALUE');
    return true;
  });
});

await check('retrieve of an unknown id: NOT_FOUND', async () => {
  await assert.rejects(usages.retrieve('0Mu000000000042AAA'), (error) => {
    assert.equal(error.errorCode, 'NOT_FOUND');
    return true;
  });
});

await check('delete is refused: METHOD_NOT_ALLOWED', async () => {
  await assert.rejects(usages.destroy(id), (error) => {
    assert.equal(error.errorCode, 'METHOD_NOT_ALLOWED');
    return true;
  });
});

// Every other (channel, type), 209 records, in one jsforce call: sObject Collections
// (POST composite/sobjects), which jsforce splits into 200 + 9 (allowRecursive); with one
// record that cannot be created in the middle, answered in its own result.
let allIds;
await check('create many (sObject Collections): one result per record, in order; a bad one fails alone', async () => {
  const pairs = channels.flatMap((channel) => deploymentTypes.map((type) => ({ MessagingChannelId: channel, DeploymentType: type })))
    .filter((r) => !(r.MessagingChannelId === channels[0] && r.DeploymentType === deploymentTypes[0]));
  const records = [...pairs.slice(0, 100), { MessagingChannelId: channels[0], DeploymentType: 'NoSuchType' }, ...pairs.slice(100)];
  const results = await usages.create(records, { allowRecursive: true });
  assert.equal(results.length, records.length);
  const bad = results[100];
  assert.equal(bad.success, false);
  assert.equal(bad.errors[0].statusCode, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST');
  const good = results.filter((_, i) => i !== 100);
  assert.ok(good.every((r) => r.success), JSON.stringify(good.find((r) => !r.success)));
  allIds = new Set([id, ...good.map((r) => r.id)]);
  assert.equal(allIds.size, channelCount * deploymentTypes.length);
});
const someIds = [...allIds].slice(0, 3);

await check('retrieve many: records in order, null for an unknown id', async () => {
  const records = await usages.retrieve([someIds[1], '0Mu000000000042AAA', someIds[0]]);
  assert.equal(records.length, 3);
  assert.equal(records[0].Id, someIds[1]);
  assert.equal(records[1], null);
  assert.equal(records[2].Id, someIds[0]);
});

await check('update many: each record changed', async () => {
  const results = await usages.update(someIds.map((Id) => ({ Id, ConsentType: consentTypes[2] })));
  assert.deepEqual(results.map((r) => [r.id, r.success]), someIds.map((i) => [i, true]));
  for (const record of await usages.retrieve(someIds)) assert.equal(record.ConsentType, consentTypes[2]);
});

await check('upsert many on Id: each record updated, created false', async () => {
  const results = await usages.upsert(someIds.map((Id) => ({ Id, ConsentType: consentTypes[0] })), 'Id');
  assert.deepEqual(results.map((r) => [r.success, r.created]), someIds.map(() => [true, false]));
  for (const record of await usages.retrieve(someIds)) assert.equal(record.ConsentType, consentTypes[0]);
});

await check('query + queryMore (batchSize 200): every row exactly once', async () => {
  const soql = `SELECT Id, DeploymentType FROM ${Usage} ORDER BY Id`;
  const first = await conn.query(soql, { autoFetch: false, headers: { 'Sforce-Query-Options': 'batchSize=200' } });
  assert.equal(first.totalSize, allIds.size);
  assert.equal(first.done, false);
  assert.equal(first.records.length, 200);
  // jsforce hands back the locator as a URL of its own (instance URL + the gateway's path).
  assert.match(first.nextRecordsUrl, /\/services\/data\/v60\.0\/query\/01g[0-9A-Za-z]{15}-200$/);
  const second = await conn.queryMore(first.nextRecordsUrl);
  assert.equal(second.done, true);
  assert.equal(second.nextRecordsUrl, undefined);
  const ids = [...first.records, ...second.records].map((r) => r.Id);
  assert.equal(ids.length, allIds.size);
  assert.deepEqual(new Set(ids), allIds);
});

await check('query with autoFetch: jsforce follows nextRecordsUrl to the end', async () => {
  const records = [];
  await new Promise((resolve, reject) => {
    conn.query(`SELECT Id FROM ${Usage}`, { autoFetch: true, maxFetch: 10000, headers: { 'Sforce-Query-Options': 'batchSize=200' } })
      .on('record', (r) => records.push(r.Id))
      .on('end', resolve)
      .on('error', reject)
      .run();
  });
  assert.deepEqual(new Set(records), allIds);
  assert.equal(records.length, allIds.size);
});

await check('aggregate query: COUNT per DeploymentType as expr0', async () => {
  const result = await conn.query(`SELECT DeploymentType, COUNT(Id) FROM ${Usage} GROUP BY DeploymentType`);
  assert.equal(result.records.length, deploymentTypes.length);
  for (const row of result.records) {
    assert.equal(row.attributes.type, 'AggregateResult');
    assert.equal(row.expr0, channelCount);
  }
});

await check('a malformed query: MALFORMED_QUERY', async () => {
  await assert.rejects(conn.query(`SELEKT Id FROM ${Usage}`), (error) => {
    assert.equal(error.errorCode, 'MALFORMED_QUERY');
    return true;
  });
});

console.log(`jsforce compatibility: ${checks} checks passed (jsforce ${jsforce.VERSION ?? '3.10.16'}, ${allIds.size} records)`);
