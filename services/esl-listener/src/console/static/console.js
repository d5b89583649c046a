/* global document, location */
// The ESL listener's live console: plain script, no build step, served with a strict CSP.
'use strict';

const TOKEN_KEY = 'sapien.esl.token';
const MAX_EVENTS = 500;
const NODE_POLL_MS = 5000;
const CAPTURE_POLL_MS = 2000;
const PAGE_LIMIT = 1000;
const EVENT_NAME = /^(ALL|[A-Z][A-Z0-9_]{0,63}|CUSTOM::[A-Za-z0-9_.:-]{1,128})$/;

const $ = (id) => document.getElementById(id);
const ui = {
  status: $('connection-status'),
  token: $('token'),
  connectForm: $('connect-form'),
  disconnect: $('disconnect'),
  nodeRows: $('node-rows'),
  filterForm: $('filter-form'),
  filter: $('filter'),
  applyFilter: $('apply-filter'),
  clearEvents: $('clear-events'),
  events: $('events'),
  eventCount: $('event-count'),
  captureForm: $('capture-form'),
  captureNode: $('capture-node'),
  captureEvents: $('capture-events'),
  captureMax: $('capture-max'),
  captureIn: $('capture-in'),
  captureOut: $('capture-out'),
  startCapture: $('start-capture'),
  stopCapture: $('stop-capture'),
  downloadCapture: $('download-capture'),
  captureStatus: $('capture-status'),
};

let socket;
let opened = false;
let nextId = 1;
const pending = new Map();
let subscribed = [];
let nodeTimer;
let captureTimer;
let capture; // { captureId, state, entries, stopReason }
let queued = [];
let flushTimer;

// --- connection -------------------------------------------------------------------------------

function connect(token) {
  disconnect();
  sessionStorage.setItem(TOKEN_KEY, token);
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
  try {
    socket = new WebSocket(url, [`bearer.${token}`]);
  } catch {
    setStatus('That token cannot be sent (it must be letters, digits and - . _ ~ + / characters only).');
    return;
  }
  opened = false;
  setStatus('Connecting…');
  const current = socket;
  socket.addEventListener('open', () => {
    if (current !== socket) return;
    opened = true;
    setStatus('Connected.');
    setConnected(true);
    subscribe(names(ui.filter.value));
    refreshNodes();
    nodeTimer = setInterval(refreshNodes, NODE_POLL_MS);
  });
  socket.addEventListener('message', (message) => {
    if (current === socket) receive(message.data);
  });
  socket.addEventListener('close', (event) => {
    if (current !== socket) return;
    setStatus(
      opened
        ? `Disconnected (code ${event.code}${event.reason ? `: ${event.reason}` : ''}).`
        : 'Connection refused: check the access token.',
    );
    closed();
  });
}

function disconnect() {
  if (socket === undefined) return;
  const old = socket;
  socket = undefined;
  old.close(1000, 'console closed');
  setStatus('Disconnected.');
  closed();
}

function closed() {
  socket = undefined;
  setConnected(false);
  clearInterval(nodeTimer);
  clearInterval(captureTimer);
  for (const { reject } of pending.values()) reject({ code: 'disconnected', message: 'the connection closed' });
  pending.clear();
  subscribed = [];
}

function setConnected(connected) {
  ui.disconnect.disabled = !connected;
  ui.applyFilter.disabled = !connected;
  ui.startCapture.disabled = !connected || capture?.state === 'running';
  ui.stopCapture.disabled = !connected || capture?.state !== 'running';
  ui.downloadCapture.disabled = !connected || capture === undefined;
}

function setStatus(text) {
  ui.status.textContent = text;
}

/** Sends a CommandMessage; resolves with its result, rejects with its error. */
function request(command, value) {
  return new Promise((resolve, reject) => {
    if (socket === undefined || socket.readyState !== WebSocket.OPEN) {
      reject({ code: 'disconnected', message: 'not connected' });
      return;
    }
    const id = `c${nextId++}`;
    pending.set(id, { resolve, reject });
    socket.send(JSON.stringify(value === undefined ? { id, command } : { id, command, value }));
  });
}

function receive(data) {
  let message;
  try {
    message = JSON.parse(data);
  } catch {
    return;
  }
  if (message.type === 'event') {
    enqueue(message.event);
  } else if (message.type === 'response') {
    const waiting = pending.get(message.id);
    if (waiting === undefined) {
      if (!message.ok) setStatus(`Server error: ${message.error.message}`);
      return;
    }
    pending.delete(message.id);
    if (message.ok) waiting.resolve(message.result);
    else waiting.reject(message.error);
  }
}

// --- live events ------------------------------------------------------------------------------

const names = (text) => text.split(/[\s,]+/).filter((name) => name !== '');

async function subscribe(events) {
  const wanted = events.length === 0 ? ['ALL'] : events;
  const bad = wanted.find((name) => !EVENT_NAME.test(name));
  if (bad !== undefined) {
    setStatus(`"${bad}" is not an event name (e.g. CHANNEL_ANSWER, CUSTOM::sofia::register, ALL).`);
    ui.filter.setAttribute('aria-invalid', 'true');
    return;
  }
  ui.filter.removeAttribute('aria-invalid');
  try {
    // `unsubscribe ALL` drops every subscription, so the filter replaces what was there.
    if (subscribed.length > 0) await request('unsubscribe', { events: ['ALL'] });
    await request('subscribe', { events: wanted });
    subscribed = wanted;
    clearEvents();
    setStatus(`Connected; showing ${wanted.join(' ')}.`);
  } catch (error) {
    setStatus(`Could not subscribe: ${error.message}`);
  }
}

function enqueue(event) {
  queued.push(event);
  if (queued.length > MAX_EVENTS) queued = queued.slice(-MAX_EVENTS);
  // Rendered in batches: a busy switch sends hundreds of events a second.
  flushTimer ??= setTimeout(flush, 50);
}

function flush() {
  flushTimer = undefined;
  const fragment = document.createDocumentFragment();
  for (let i = queued.length - 1; i >= 0; i--) fragment.append(eventItem(queued[i]));
  queued = [];
  ui.events.prepend(fragment);
  while (ui.events.childElementCount > MAX_EVENTS) ui.events.lastElementChild.remove();
  ui.eventCount.textContent = `${ui.events.childElementCount} events shown.`;
}

function eventItem(event) {
  const item = document.createElement('li');
  const name = event.subclass === undefined ? event.name : `${event.name}::${event.subclass}`;
  item.className = 'event';
  item.dataset.name = name;
  item.textContent = [event.timestamp, event.node, name, event.uniqueId ?? ''].join('  ').trim();
  return item;
}

function clearEvents() {
  queued = [];
  ui.events.replaceChildren();
  ui.eventCount.textContent = '0 events shown.';
}

// --- nodes ------------------------------------------------------------------------------------

async function refreshNodes() {
  try {
    const { nodes } = await request('getNodes');
    const rows = nodes.map((node) => {
      const row = document.createElement('tr');
      for (const text of [node.node, node.mode, node.state, node.coreUuid ?? '', node.lastSequence ?? '']) {
        const cell = document.createElement('td');
        cell.textContent = String(text);
        row.append(cell);
      }
      row.children[2].className = `state-${node.state}`;
      return row;
    });
    if (rows.length === 0) {
      const row = document.createElement('tr');
      const cell = document.createElement('td');
      cell.colSpan = 5;
      cell.textContent = 'No FreeSWITCH configured.';
      row.append(cell);
      rows.push(row);
    }
    ui.nodeRows.replaceChildren(...rows);
  } catch {
    // The connection's own status says why.
  }
}

// --- capture ----------------------------------------------------------------------------------

async function startCapture() {
  const value = {};
  const node = ui.captureNode.value.trim();
  if (node !== '') value.node = node;
  const eventNames = names(ui.captureEvents.value);
  if (eventNames.length > 0) value.eventNames = eventNames;
  const maxEntries = Number(ui.captureMax.value);
  if (ui.captureMax.value !== '' && Number.isInteger(maxEntries)) value.maxEntries = maxEntries;
  const directions = [ui.captureIn.checked ? 'in' : undefined, ui.captureOut.checked ? 'out' : undefined].filter(Boolean);
  if (directions.length === 0) {
    ui.captureStatus.textContent = 'Choose at least one direction.';
    return;
  }
  value.directions = directions;
  try {
    showCapture(await request('startCapturingTraffic', value));
    captureTimer = setInterval(pollCapture, CAPTURE_POLL_MS);
  } catch (error) {
    ui.captureStatus.textContent = `Could not start the capture: ${error.message}`;
  }
}

async function stopCapture() {
  if (capture === undefined) return;
  try {
    showCapture(await request('stopCapturingTraffic', { captureId: capture.captureId }));
  } catch (error) {
    ui.captureStatus.textContent = `Could not stop the capture: ${error.message}`;
  }
}

async function pollCapture() {
  if (capture === undefined) return;
  try {
    // One entry at most: only the count and state are wanted here.
    const page = await request('getRecordedTraffic', { captureId: capture.captureId, after: capture.entries, limit: 1 });
    if (capture.state !== 'running') return;
    showCapture({ ...capture, state: page.state, entries: page.total, stopReason: page.stopReason });
  } catch {
    clearInterval(captureTimer);
  }
}

function showCapture(summary) {
  capture = { captureId: summary.captureId, state: summary.state, entries: summary.entries, stopReason: summary.stopReason };
  if (capture.state !== 'running') clearInterval(captureTimer);
  ui.captureStatus.textContent =
    capture.state === 'running'
      ? `Capture ${capture.captureId} running: ${capture.entries} entries.`
      : `Capture ${capture.captureId} stopped (${capture.stopReason ?? 'stopped'}): ${capture.entries} entries.`;
  setConnected(socket !== undefined);
}

/** Reads every page of the capture and saves it as NDJSON, one entry per line. */
async function downloadCapture() {
  if (capture === undefined) return;
  const { captureId } = capture;
  const lines = [];
  let after = 0;
  try {
    for (;;) {
      const page = await request('getRecordedTraffic', { captureId, after, limit: PAGE_LIMIT });
      for (const entry of page.entries) lines.push(JSON.stringify(entry) + '\n');
      if (page.next === null || page.entries.length === 0) break;
      after = page.next;
    }
  } catch (error) {
    ui.captureStatus.textContent = `Could not read the capture: ${error.message}`;
    return;
  }
  const url = URL.createObjectURL(new Blob(lines, { type: 'application/x-ndjson' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = `capture-${captureId}.ndjson`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  ui.captureStatus.textContent = `Capture ${captureId}: ${lines.length} entries downloaded.`;
}

// --- wiring -----------------------------------------------------------------------------------

ui.connectForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const token = ui.token.value.trim();
  if (token !== '') connect(token);
});
ui.disconnect.addEventListener('click', disconnect);
ui.filterForm.addEventListener('submit', (event) => {
  event.preventDefault();
  subscribe(names(ui.filter.value));
});
ui.clearEvents.addEventListener('click', clearEvents);
ui.captureForm.addEventListener('submit', (event) => {
  event.preventDefault();
  startCapture();
});
ui.stopCapture.addEventListener('click', stopCapture);
ui.downloadCapture.addEventListener('click', downloadCapture);

const saved = sessionStorage.getItem(TOKEN_KEY);
if (saved) {
  ui.token.value = saved;
  connect(saved);
}
