import { randomUUID } from 'node:crypto';
import { headerText, type EslEvent, type EslHeaders } from '@sapien/esl-protocol';
import { BASE_SET } from './event-template.ts';

export type ChannelOptions = Readonly<{
  uuid?: string;
  /** Headers added to (or replacing) the default channel data, e.g. `variable_sip_from_user`. */
  channelData?: Readonly<EslHeaders>;
  /** FreeSWITCH's own address, as its channel variables give it. */
  ipv4: string;
  /** `<host>:<port> async full`: the socket application's argument. */
  socketTarget: string;
  createdMicros: number;
}>;

const Q850: Readonly<Record<string, string>> = {
  UNALLOCATED_NUMBER: '1', NORMAL_CLEARING: '16', USER_BUSY: '17', NO_USER_RESPONSE: '18', NO_ANSWER: '19',
  CALL_REJECTED: '21', NORMAL_TEMPORARY_FAILURE: '41', ORIGINATOR_CANCEL: '487',
};

/** The profile headers FreeSWITCH repeats under `Channel-` (caller profile) and `Caller-`. */
function profile(prefix: string, p: Readonly<Record<string, string>>): EslHeaders {
  return {
    [`${prefix}-Direction`]: 'inbound',
    [`${prefix}-Logical-Direction`]: 'inbound',
    [`${prefix}-Username`]: p.user!,
    [`${prefix}-Dialplan`]: 'XML',
    [`${prefix}-Caller-ID-Name`]: p.name!,
    [`${prefix}-Caller-ID-Number`]: p.user!,
    [`${prefix}-Orig-Caller-ID-Name`]: p.name!,
    [`${prefix}-Orig-Caller-ID-Number`]: p.user!,
    [`${prefix}-Network-Addr`]: p.phoneIp!,
    [`${prefix}-ANI`]: p.user!,
    [`${prefix}-Destination-Number`]: p.destination!,
    [`${prefix}-Unique-ID`]: p.uuid!,
    [`${prefix}-Source`]: 'mod_sofia',
    [`${prefix}-Context`]: 'default',
    [`${prefix}-Channel-Name`]: p.channelName!,
    [`${prefix}-Profile-Index`]: '1',
    [`${prefix}-Profile-Created-Time`]: p.created!,
    [`${prefix}-Channel-Created-Time`]: p.created!,
    [`${prefix}-Channel-Answered-Time`]: '0',
    [`${prefix}-Channel-Progress-Time`]: '0',
    [`${prefix}-Channel-Progress-Media-Time`]: '0',
    [`${prefix}-Channel-Hangup-Time`]: '0',
    [`${prefix}-Channel-Transfer-Time`]: '0',
    [`${prefix}-Channel-Resurrect-Time`]: '0',
    [`${prefix}-Channel-Bridged-Time`]: '0',
    [`${prefix}-Channel-Last-Hold`]: '0',
    [`${prefix}-Channel-Hold-Accum`]: '0',
    [`${prefix}-Screen-Bit`]: 'true',
    [`${prefix}-Privacy-Hide-Name`]: 'false',
    [`${prefix}-Privacy-Hide-Number`]: 'false',
  };
}

// The caller profile under `Channel-` belongs to the channel data only; channel events carry `Caller-`.
const CHANNEL_PROFILE_KEYS: ReadonlySet<string> = new Set(
  Object.keys(profile('Channel', { user: '', name: '', phoneIp: '', destination: '', uuid: '', channelName: '', created: '' })),
);

/** A call from a phone that reached the dialplan's `socket` application, as its channel data reads. */
function defaultChannelData(uuid: string, options: ChannelOptions): EslHeaders {
  const p = {
    uuid,
    user: '1000',
    name: 'Alice Martin',
    phoneIp: '10.0.0.21',
    destination: '5000',
    channelName: `sofia/internal/1000@${options.ipv4}`,
    created: String(options.createdMicros),
  };
  const socketHost = options.socketTarget.split(':', 1)[0] ?? '127.0.0.1';
  return {
    ...profile('Channel', p),
    'Channel-State': 'CS_EXECUTE',
    'Channel-Call-State': 'RINGING',
    'Channel-State-Number': '4',
    'Channel-Name': p.channelName,
    'Unique-ID': uuid,
    'Call-Direction': 'inbound',
    'Presence-Call-Direction': 'inbound',
    'Channel-HIT-Dialplan': 'true',
    'Channel-Presence-ID': `1000@${options.ipv4}`,
    'Channel-Call-UUID': uuid,
    'Answer-State': 'ringing',
    ...profile('Caller', p),
    variable_direction: 'inbound',
    variable_uuid: uuid,
    variable_session_id: '1',
    variable_sip_from_user: p.user,
    variable_sip_from_uri: `1000@${options.ipv4}`,
    variable_sip_from_host: options.ipv4,
    variable_channel_name: p.channelName,
    variable_sip_call_id: `${uuid.slice(0, 8)}@${p.phoneIp}`,
    variable_sip_local_network_addr: options.ipv4,
    variable_sip_network_ip: p.phoneIp,
    variable_sip_network_port: '5060',
    variable_sip_received_ip: p.phoneIp,
    variable_sip_received_port: '5060',
    variable_sip_via_protocol: 'udp',
    variable_sip_authorized: 'true',
    variable_sofia_profile_name: 'internal',
    variable_sip_full_from: `"${p.name}" <sip:1000@${options.ipv4}>;tag=a1b2c3d4e5`,
    variable_sip_full_to: `<sip:${p.destination}@${options.ipv4}>`,
    variable_sip_req_user: p.destination,
    variable_sip_to_user: p.destination,
    variable_sip_user_agent: 'Yealink SIP-T46S 66.86.0.15',
    variable_max_forwards: '70',
    variable_presence_id: `1000@${options.ipv4}`,
    variable_endpoint_disposition: 'DELAYED NEGOTIATION',
    variable_call_uuid: uuid,
    variable_current_application_data: options.socketTarget,
    variable_current_application: 'socket',
    variable_socket_host: socketHost,
  };
}

/** The channel an outbound socket controls: its data, and the events of its hang-up. */
export class Channel {
  readonly uuid: string;
  readonly channelName: string;
  readonly data: Readonly<EslHeaders>;
  readonly #createdMicros: number;

  constructor(options: ChannelOptions) {
    const given = options.channelData ?? {};
    const uuid = options.uuid ?? headerText({ headers: given }, 'Unique-ID') ?? randomUUID();
    const data: EslHeaders = { ...defaultChannelData(uuid, options), ...given };
    for (const name of BASE_SET) delete data[name];
    this.uuid = uuid;
    this.data = data;
    this.channelName = headerText({ headers: data }, 'Channel-Name') ?? `sofia/internal/${uuid}`;
    this.#createdMicros = options.createdMicros;
  }

  variable(name: string): string | undefined {
    return headerText({ headers: this.data }, `variable_${name}`);
  }

  /** CHANNEL_HANGUP, as the channel goes down. */
  hangupEvent(cause: string, nowMicros: number): EslEvent {
    return this.#stateEvent('CHANNEL_HANGUP', ['switch_channel.c', 'switch_channel_perform_hangup', '4662'], cause, nowMicros, {
      'Channel-State': 'CS_HANGUP',
      'Channel-Call-State': 'HANGUP',
      'Channel-State-Number': '10',
      'Answer-State': 'hangup',
    });
  }

  /** CHANNEL_HANGUP_COMPLETE, with the call's accounting variables. */
  hangupCompleteEvent(cause: string, nowMicros: number): EslEvent {
    const event = this.#stateEvent('CHANNEL_HANGUP_COMPLETE', ['switch_core_state_machine.c', 'switch_core_session_reporting_state', '944'], cause, nowMicros, {
      'Channel-State': 'CS_REPORTING',
      'Channel-Call-State': 'HANGUP',
      'Channel-State-Number': '11',
      'Answer-State': 'hangup',
    });
    const seconds = String(Math.max(0, Math.round((nowMicros - this.#createdMicros) / 1e6)));
    return {
      headers: {
        ...event.headers,
        variable_hangup_cause: cause,
        variable_hangup_cause_q850: Q850[cause] ?? '0',
        variable_start_uepoch: String(this.#createdMicros),
        variable_end_uepoch: String(nowMicros),
        variable_duration: seconds,
        variable_billsec: '0',
        variable_last_app: 'socket',
        variable_last_arg: headerText({ headers: this.data }, 'variable_current_application_data') ?? '',
      },
    };
  }

  #stateEvent(
    name: string,
    [file, fn, line]: readonly [string, string, string],
    cause: string,
    nowMicros: number,
    state: Readonly<Record<string, string>>,
  ): EslEvent {
    const headers: EslHeaders = {
      'Event-Name': name,
      'Event-Calling-File': file,
      'Event-Calling-Function': fn,
      'Event-Calling-Line-Number': line,
    };
    for (const [key, value] of Object.entries(this.data)) {
      if (CHANNEL_PROFILE_KEYS.has(key)) continue;
      if (key === 'Caller-Channel-Hangup-Time') {
        headers[key] = String(nowMicros);
      } else {
        headers[key] = state[key] ?? value;
      }
      // FreeSWITCH writes the cause right after the answer state.
      if (key === 'Answer-State') headers['Hangup-Cause'] = cause;
    }
    if (!('Hangup-Cause' in headers)) headers['Hangup-Cause'] = cause;
    return { headers };
  }
}
