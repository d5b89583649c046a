import type { EslEvent } from '../event.ts';
import { baseHeaders, localDate, type HeaderEntries, type TrafficContext } from './event-context.ts';

/** One leg of a call: what its events repeat, and the channel variables gathered so far. */
type Leg = {
  readonly uuid: string;
  readonly callUuid: string;
  readonly direction: 'inbound' | 'outbound';
  readonly channelName: string;
  readonly callerNumber: string;
  readonly callerName: string;
  readonly destination: string;
  readonly networkIp: string;
  readonly codec: string;
  readonly times: Record<'created' | 'progress' | 'answered' | 'bridged' | 'hangup', number>;
  readonly variables: HeaderEntries;
  other?: Leg;
};

type ChannelState = Readonly<{ state: string; number: number; callState: string; answerState: string }>;

const ASCII_NAMES = ['Alice Martin', 'Bob Smith', 'Carol Jones', 'Dave Brown', 'Support Line'];
const OTHER_NAMES = ['José Álvarez', 'Zoë Müller', '山田 太郎', 'Ελένη Παππά', 'Søren Kierkegård'];

/** The events of one bridged call, A leg inbound and B leg to a carrier, in FreeSWITCH's order. */
export function callEvents(ctx: TrafficContext): Array<() => EslEvent> {
  const { random } = ctx;
  const callUuid = random.uuid();
  const callerNumber = String(random.int(1000, 1099));
  const names = ctx.asciiOnly || random.chance(0.7) ? ASCII_NAMES : OTHER_NAMES;
  const destination = `+1${random.int(2000000000, 9999999999)}`;
  const codec = random.pick(['PCMU', 'PCMA', 'opus']);
  const a = newLeg(ctx, {
    uuid: callUuid, callUuid, direction: 'inbound', callerNumber, destination, codec,
    callerName: random.pick(names), networkIp: `10.0.${random.int(0, 9)}.${random.int(2, 250)}`,
    channelName: `sofia/internal/${callerNumber}@${ctx.ipv4}`,
  });
  const b = newLeg(ctx, {
    uuid: random.uuid(), callUuid, direction: 'outbound', callerNumber, destination, codec,
    callerName: a.callerName, networkIp: `203.0.113.${random.int(2, 250)}`,
    channelName: `sofia/external/${destination}@carrier.example.net`,
  });
  a.other = b;
  b.other = a;
  return [
    () => channelEvent(ctx, a, 'CHANNEL_CREATE', CREATED, 'created'),
    () => channelEvent(ctx, b, 'CHANNEL_CREATE', CREATED, 'created'),
    () => channelEvent(ctx, b, 'CHANNEL_PROGRESS', RINGING, 'progress'),
    () => channelEvent(ctx, a, 'CHANNEL_PROGRESS', RINGING, 'progress'),
    () => answer(ctx, b),
    () => answer(ctx, a),
    () => channelEvent(ctx, a, 'CHANNEL_BRIDGE', ACTIVE, 'bridged', bridgeHeaders(a, b)),
    () => channelEvent(ctx, a, 'CHANNEL_UNBRIDGE', ACTIVE, undefined, bridgeHeaders(a, b)),
    () => channelEvent(ctx, b, 'CHANNEL_HANGUP', HANGUP, 'hangup', [['Hangup-Cause', 'NORMAL_CLEARING']]),
    () => channelEvent(ctx, a, 'CHANNEL_HANGUP', HANGUP, 'hangup', [['Hangup-Cause', 'NORMAL_CLEARING']]),
    () => hangupComplete(ctx, b),
    () => hangupComplete(ctx, a),
  ];
}

const CREATED: ChannelState = { state: 'CS_INIT', number: 2, callState: 'DOWN', answerState: 'ringing' };
const RINGING: ChannelState = { state: 'CS_ROUTING', number: 4, callState: 'RINGING', answerState: 'early' };
const ACTIVE: ChannelState = { state: 'CS_EXCHANGE_MEDIA', number: 5, callState: 'ACTIVE', answerState: 'answered' };
const HANGUP: ChannelState = { state: 'CS_HANGUP', number: 10, callState: 'HANGUP', answerState: 'hangup' };
const REPORTING: ChannelState = { state: 'CS_REPORTING', number: 11, callState: 'HANGUP', answerState: 'hangup' };

function newLeg(
  ctx: TrafficContext,
  leg: Omit<Leg, 'times' | 'variables' | 'other'>,
): Leg {
  const { random } = ctx;
  const sipCallId = `${random.hex(8)}-${random.hex(4)}@${leg.networkIp}`;
  const sdp = [
    'v=0',
    `o=- ${random.int(1e9, 2e9)} 1 IN IP4 ${leg.networkIp}`,
    's=-',
    `c=IN IP4 ${leg.networkIp}`,
    't=0 0',
    `m=audio ${random.int(16384, 32768)} RTP/AVP 0 8 101`,
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:8 PCMA/8000',
    'a=rtpmap:101 telephone-event/8000',
    'a=fmtp:101 0-16',
    'a=ptime:20',
    'a=sendrecv',
    '',
  ].join('\r\n');
  const user = leg.direction === 'inbound' ? leg.callerNumber : leg.destination;
  return {
    ...leg,
    times: { created: 0, progress: 0, answered: 0, bridged: 0, hangup: 0 },
    variables: [
      ['variable_direction', leg.direction],
      ['variable_uuid', leg.uuid],
      ['variable_session_id', String(ctx.sequence + 1)],
      ['variable_sip_from_user', leg.callerNumber],
      ['variable_sip_from_uri', `${leg.callerNumber}@${ctx.ipv4}`],
      ['variable_sip_from_host', ctx.ipv4],
      ['variable_video_media_flow', 'disabled'],
      ['variable_text_media_flow', 'disabled'],
      ['variable_channel_name', leg.channelName],
      ['variable_sip_call_id', sipCallId],
      ['variable_sip_local_network_addr', ctx.ipv4],
      ['variable_sip_network_ip', leg.networkIp],
      ['variable_sip_network_port', String(random.int(5060, 65000))],
      ['variable_sip_invite_stamp', String(ctx.nowMicros)],
      ['variable_sip_received_ip', leg.networkIp],
      ['variable_sip_received_port', '5060'],
      ['variable_sip_via_protocol', 'udp'],
      ['variable_sip_authorized', 'true'],
      ['variable_sip_from_user_stripped', leg.callerNumber],
      ['variable_sip_from_tag', random.hex(10)],
      ['variable_sofia_profile_name', leg.direction === 'inbound' ? 'internal' : 'external'],
      ['variable_recovery_profile_name', leg.direction === 'inbound' ? 'internal' : 'external'],
      ['variable_sip_full_via', `SIP/2.0/UDP ${leg.networkIp}:5060;rport=5060;branch=z9hG4bK${random.hex(12)}`],
      ['variable_sip_from_display', leg.callerName],
      ['variable_sip_full_from', `"${leg.callerName}" <sip:${leg.callerNumber}@${ctx.ipv4}>;tag=${random.hex(10)}`],
      ['variable_sip_full_to', `<sip:${leg.destination}@${ctx.ipv4}>`],
      ['variable_sip_allow', 'INVITE, ACK, BYE, CANCEL, OPTIONS, MESSAGE, INFO, UPDATE, REGISTER, REFER, NOTIFY'],
      ['variable_sip_req_user', leg.destination],
      ['variable_sip_req_uri', `${leg.destination}@${ctx.ipv4}`],
      ['variable_sip_req_host', ctx.ipv4],
      ['variable_sip_to_user', leg.destination],
      ['variable_sip_to_uri', `${leg.destination}@${ctx.ipv4}`],
      ['variable_sip_to_host', ctx.ipv4],
      ['variable_sip_contact_params', 'transport=udp'],
      ['variable_sip_contact_user', user],
      ['variable_sip_contact_port', '5060'],
      ['variable_sip_contact_uri', `${user}@${leg.networkIp}:5060`],
      ['variable_sip_contact_host', leg.networkIp],
      ['variable_sip_user_agent', random.pick(['Z 5.6.2 v2.10.20.3', 'Yealink SIP-T46S 66.86.0.15', 'Cisco-SIPGateway/IOS-15.x'])],
      ['variable_sip_via_host', leg.networkIp],
      ['variable_sip_via_port', '5060'],
      ['variable_sip_via_rport', '5060'],
      ['variable_max_forwards', '70'],
      ['variable_presence_id', `${leg.callerNumber}@${ctx.ipv4}`],
      ['variable_switch_r_sdp', sdp],
      ['variable_ep_codec_string', 'CORE_PCM_MODULE.PCMU@8000h@20i@64000b,CORE_PCM_MODULE.PCMA@8000h@20i@64000b'],
      ['variable_endpoint_disposition', 'DELAYED NEGOTIATION'],
      ['variable_call_uuid', leg.callUuid],
      ['variable_domain_name', ctx.ipv4],
      ['variable_user_name', leg.callerNumber],
    ],
  };
}

function channelEvent(
  ctx: TrafficContext,
  leg: Leg,
  name: string,
  state: ChannelState,
  time: keyof Leg['times'] | undefined,
  extra: HeaderEntries = [],
): EslEvent {
  const base = baseHeaders(ctx, name, ['switch_channel.c', 'switch_channel_perform_mark_answered', 3950]);
  if (time !== undefined) leg.times[time] = ctx.nowMicros;
  return { headers: Object.fromEntries([...base, ...channelHeaders(ctx, leg, state), ...extra, ...leg.variables]) };
}

function channelHeaders(ctx: TrafficContext, leg: Leg, state: ChannelState): HeaderEntries {
  const t = leg.times;
  return [
    ['Channel-State', state.state],
    ['Channel-Call-State', state.callState],
    ['Channel-State-Number', String(state.number)],
    ['Channel-Name', leg.channelName],
    ['Unique-ID', leg.uuid],
    ['Call-Direction', leg.direction],
    ['Presence-Call-Direction', leg.direction],
    ['Channel-HIT-Dialplan', leg.direction === 'inbound' ? 'true' : 'false'],
    ['Channel-Presence-ID', `${leg.callerNumber}@${ctx.ipv4}`],
    ['Channel-Call-UUID', leg.callUuid],
    ['Answer-State', state.answerState],
    ['Channel-Read-Codec-Name', leg.codec],
    ['Channel-Read-Codec-Rate', leg.codec === 'opus' ? '48000' : '8000'],
    ['Channel-Read-Codec-Bit-Rate', '64000'],
    ['Channel-Write-Codec-Name', leg.codec],
    ['Channel-Write-Codec-Rate', leg.codec === 'opus' ? '48000' : '8000'],
    ['Channel-Write-Codec-Bit-Rate', '64000'],
    ['Caller-Direction', leg.direction],
    ['Caller-Logical-Direction', leg.direction],
    ['Caller-Username', leg.callerNumber],
    ['Caller-Dialplan', 'XML'],
    ['Caller-Caller-ID-Name', leg.callerName],
    ['Caller-Caller-ID-Number', leg.callerNumber],
    ['Caller-Orig-Caller-ID-Name', leg.callerName],
    ['Caller-Orig-Caller-ID-Number', leg.callerNumber],
    ['Caller-Network-Addr', leg.networkIp],
    ['Caller-ANI', leg.callerNumber],
    ['Caller-Destination-Number', leg.destination],
    ['Caller-Unique-ID', leg.uuid],
    ['Caller-Source', 'mod_sofia'],
    ['Caller-Context', 'default'],
    ['Caller-Channel-Name', leg.channelName],
    ['Caller-Profile-Index', '1'],
    ['Caller-Profile-Created-Time', String(t.created)],
    ['Caller-Channel-Created-Time', String(t.created)],
    ['Caller-Channel-Answered-Time', String(t.answered)],
    ['Caller-Channel-Progress-Time', String(t.progress)],
    ['Caller-Channel-Progress-Media-Time', String(t.progress)],
    ['Caller-Channel-Hangup-Time', String(t.hangup)],
    ['Caller-Channel-Transfer-Time', '0'],
    ['Caller-Channel-Resurrect-Time', '0'],
    ['Caller-Channel-Bridged-Time', String(t.bridged)],
    ['Caller-Channel-Last-Hold', '0'],
    ['Caller-Channel-Hold-Accum', '0'],
    ['Caller-Screen-Bit', 'true'],
    ['Caller-Privacy-Hide-Name', 'false'],
    ['Caller-Privacy-Hide-Number', 'false'],
  ];
}

function answer(ctx: TrafficContext, leg: Leg): EslEvent {
  const port = String(ctx.random.int(16384, 32768));
  leg.variables.push(
    ['variable_rtp_use_codec_name', leg.codec],
    ['variable_rtp_use_codec_rate', leg.codec === 'opus' ? '48000' : '8000'],
    ['variable_rtp_use_codec_ptime', '20'],
    ['variable_read_codec', leg.codec],
    ['variable_write_codec', leg.codec],
    ['variable_local_media_ip', ctx.ipv4],
    ['variable_local_media_port', port],
    ['variable_remote_media_ip', leg.networkIp],
    ['variable_remote_media_port', String(ctx.random.int(16384, 32768))],
    [
      'variable_rtp_local_sdp_str',
      `v=0\no=FreeSWITCH 1 2 IN IP4 ${ctx.ipv4}\ns=FreeSWITCH\nc=IN IP4 ${ctx.ipv4}\nt=0 0\n` +
        `m=audio ${port} RTP/AVP 0 101\na=rtpmap:0 PCMU/8000\na=ptime:20\n`,
    ],
    ['variable_current_application', 'bridge'],
    ['variable_DP_MATCH', [leg.destination, leg.destination.slice(2)]],
  );
  return channelEvent(ctx, leg, 'CHANNEL_ANSWER', ACTIVE, 'answered');
}

function bridgeHeaders(a: Leg, b: Leg): HeaderEntries {
  return [
    ['Bridge-A-Unique-ID', a.uuid],
    ['Bridge-B-Unique-ID', b.uuid],
    ['Other-Type', 'originatee'],
    ['Other-Leg-Direction', b.direction],
    ['Other-Leg-Logical-Direction', b.direction],
    ['Other-Leg-Username', b.callerNumber],
    ['Other-Leg-Dialplan', 'XML'],
    ['Other-Leg-Caller-ID-Name', b.callerName],
    ['Other-Leg-Caller-ID-Number', b.callerNumber],
    ['Other-Leg-Network-Addr', b.networkIp],
    ['Other-Leg-Destination-Number', b.destination],
    ['Other-Leg-Unique-ID', b.uuid],
    ['Other-Leg-Source', 'mod_sofia'],
    ['Other-Leg-Context', 'default'],
    ['Other-Leg-Channel-Name', b.channelName],
  ];
}

function hangupComplete(ctx: TrafficContext, leg: Leg): EslEvent {
  const t = leg.times;
  const end = ctx.nowMicros;
  const seconds = (from: number, to: number): string => String(from === 0 ? 0 : Math.round((to - from) / 1e6));
  const billsec = seconds(t.answered, end);
  const packets = ctx.random.int(50, 90000);
  leg.variables.push(
    ['variable_hangup_cause', 'NORMAL_CLEARING'],
    ['variable_hangup_cause_q850', '16'],
    ['variable_sip_hangup_disposition', leg.direction === 'inbound' ? 'send_bye' : 'recv_bye'],
    ['variable_start_stamp', localDate(t.created)],
    ['variable_profile_start_stamp', localDate(t.created)],
    ['variable_answer_stamp', localDate(t.answered)],
    ['variable_bridge_stamp', localDate(t.bridged || t.answered)],
    ['variable_progress_stamp', localDate(t.progress)],
    ['variable_end_stamp', localDate(end)],
    ['variable_start_epoch', String(Math.floor(t.created / 1e6))],
    ['variable_start_uepoch', String(t.created)],
    ['variable_answer_epoch', String(Math.floor(t.answered / 1e6))],
    ['variable_answer_uepoch', String(t.answered)],
    ['variable_end_epoch', String(Math.floor(end / 1e6))],
    ['variable_end_uepoch', String(end)],
    ['variable_duration', seconds(t.created, end)],
    ['variable_billsec', billsec],
    ['variable_progresssec', seconds(t.created, t.progress)],
    ['variable_answersec', seconds(t.created, t.answered)],
    ['variable_waitsec', seconds(t.created, t.answered)],
    ['variable_flow_billsec', billsec],
    ['variable_mduration', String(Math.round((end - t.created) / 1000))],
    ['variable_billmsec', String(Math.round((end - t.answered) / 1000))],
    ['variable_uduration', String(end - t.created)],
    ['variable_billusec', String(end - t.answered)],
    ['variable_rtp_audio_in_raw_bytes', String(packets * 172)],
    ['variable_rtp_audio_in_media_bytes', String(packets * 160)],
    ['variable_rtp_audio_in_packet_count', String(packets)],
    ['variable_rtp_audio_in_media_packet_count', String(packets)],
    ['variable_rtp_audio_in_skip_packet_count', String(ctx.random.int(0, 20))],
    ['variable_rtp_audio_in_jitter_min_variance', `${ctx.random.int(0, 30)}.${ctx.random.int(0, 99)}`],
    ['variable_rtp_audio_in_mos', `4.${ctx.random.int(10, 50)}`],
    ['variable_rtp_audio_out_raw_bytes', String(packets * 172)],
    ['variable_rtp_audio_out_packet_count', String(packets)],
    ['variable_last_app', 'bridge'],
    ['variable_last_arg', `sofia/gateway/carrier/${leg.destination}`],
    ['variable_other_leg_uuid', leg.other?.uuid ?? ''],
  );
  return channelEvent(ctx, leg, 'CHANNEL_HANGUP_COMPLETE', REPORTING, undefined, [['Hangup-Cause', 'NORMAL_CLEARING']]);
}
