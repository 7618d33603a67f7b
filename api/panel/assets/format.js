// Brazilian formats and the Portuguese words for the API's codes.

const money = new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' });
const integer = new Intl.NumberFormat('pt-BR');
const dateTime = new Intl.DateTimeFormat('pt-BR', { dateStyle: 'short', timeStyle: 'short' });
const time = new Intl.DateTimeFormat('pt-BR', { hour: '2-digit', minute: '2-digit' });

export const brl = (n) => (n === null || n === undefined || n === '' ? '' : money.format(Number(n)));
export const km = (n) => `${integer.format(Number(n) || 0)} km`;
export const number = (n) => integer.format(Number(n) || 0);

export function when(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : dateTime.format(d);
}

export function hour(iso) {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : time.format(d);
}

// phone shows +55 (11) 98765-4321 for Brazilian numbers, digits otherwise.
export function phone(p) {
  const d = String(p || '').replace(/\D/g, '');
  const br = /^55(\d{2})(\d{4,5})(\d{4})$/.exec(d);
  if (br) return `+55 (${br[1]}) ${br[2]}-${br[3]}`;
  return d ? `+${d}` : '';
}

// The ten session states, as a dealer reads them.
export const STATES = {
  disconnected: 'Desconectado',
  connecting: 'Conectando…',
  qr: 'Aguardando leitura do QR',
  connected: 'Conectado',
  reconnecting: 'Reconectando…',
  logged_out: 'Desconectado pelo celular',
  replaced: 'Aberto em outro aparelho',
  banned: 'Banido temporariamente',
  outdated: 'Versão desatualizada',
  error: 'Erro',
};

// What each reason means, where the state alone does not say it.
const REASONS = {
  qr_timeout: 'QR expirou sem leitura; conecte de novo para gerar outro',
  user_logout: 'desconectado pelo painel',
  missing_data: 'pasta de dados da empresa ausente ou de outra empresa',
  not_paired: 'nenhum celular vinculado ainda',
  shutdown: 'servidor reiniciando',
  connect_failed: 'falha ao conectar',
  logged_out: 'desconectado pelo celular',
  stream_replaced: 'número aberto em outro aparelho (440)',
  temporary_ban: 'banido temporariamente',
  client_outdated: 'o WhatsApp recusou esta versão; atualize o VendeAI',
  connection_lost: 'conexão perdida; tentando de novo',
  pair_error: 'o pareamento falhou; tente de novo',
};

// stateLabel is the badge text of a session status.
export const stateLabel = (status) => STATES[status] || status || 'Desconhecido';

// reasonText explains a session status in one line of Portuguese.
export function reasonText(st) {
  if (!st) return '';
  if (st.status === 'banned' && st.banExpiresAt) return `banido temporariamente até ${when(st.banExpiresAt)}`;
  if (st.status === 'replaced') return REASONS.stream_replaced;
  if (st.status === 'logged_out') return REASONS.logged_out;
  if (st.status === 'connected') return st.phone ? `número ${phone(st.phone)}` : '';
  let text = REASONS[st.reason] || '';
  if (st.status === 'error' && st.lastError && st.reason !== 'missing_data') {
    text = text ? `${text}: ${st.lastError}` : st.lastError;
  }
  return text;
}

export const LEAD_STATUSES = {
  novo: 'Novo',
  em_atendimento: 'Em atendimento',
  humano: 'Com vendedor',
  agendado: 'Visita agendada',
  opt_out: 'Não quer contato',
};

export const VEHICLE_STATUSES = { disponivel: 'Disponível', reservado: 'Reservado', vendido: 'Vendido' };
export const CAMBIOS = { manual: 'Manual', automatico: 'Automático', cvt: 'CVT', automatizado: 'Automatizado' };
export const CATEGORIAS = {
  hatch: 'Hatch', sedan: 'Sedã', suv: 'SUV', picape: 'Picape', minivan: 'Minivan',
  utilitario: 'Utilitário', esportivo: 'Esportivo', outro: 'Outro',
};
export const COMBUSTIVEIS = {
  flex: 'Flex', gasolina: 'Gasolina', etanol: 'Etanol', diesel: 'Diesel',
  eletrico: 'Elétrico', hibrido: 'Híbrido', gnv: 'GNV',
};
