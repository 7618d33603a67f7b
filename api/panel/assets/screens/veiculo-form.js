// The vehicle form (create and edit): the API validates, and its messages
// appear beside their fields. FIELDS lists the form: a new vehicle field
// is one more entry here.
import { html, useState } from '../lib.js';
import { api, empresaPath, fieldErrors } from '../api.js';
import { Dialog, Field, ErrorText, described } from '../ui.js';
import { CAMBIOS, CATEGORIAS, COMBUSTIVEIS, VEHICLE_STATUSES } from '../format.js';

// [wire name, label, kind, options]
const FIELDS = [
  ['codigo', 'Código (da loja)', 'text'],
  ['marca', 'Marca', 'text'],
  ['modelo', 'Modelo', 'text'],
  ['versao', 'Versão', 'text'],
  ['anoFabricacao', 'Ano de fabricação', 'year'],
  ['anoModelo', 'Ano do modelo', 'year'],
  ['preco', 'Preço (R$)', 'money'],
  ['km', 'Quilometragem', 'number'],
  ['combustivel', 'Combustível', 'select', COMBUSTIVEIS],
  ['cambio', 'Câmbio', 'select', CAMBIOS],
  ['categoria', 'Categoria', 'select', CATEGORIAS],
  ['cor', 'Cor', 'text'],
  ['status', 'Status', 'select', VEHICLE_STATUSES],
  ['fotos', 'Fotos (uma URL por linha)', 'lines'],
  ['descricao', 'Descrição', 'textarea'],
];

// parseNumber reads Brazilian numbers: "115.900,00", "115.900", "115900".
export function parseNumber(raw) {
  let s = String(raw).replace(/R\$|\s|km/gi, '');
  if (s === '') return null;
  if (s.includes(',')) s = s.replace(/\./g, '').replace(',', '.');
  else if (/^\d{1,3}(\.\d{3})+$/.test(s)) s = s.replace(/\./g, '');
  const n = Number(s);
  return Number.isFinite(n) ? n : NaN;
}

const money = (n) => (n ? Number(n).toLocaleString('pt-BR', { minimumFractionDigits: 2, maximumFractionDigits: 2 }) : '');

function toForm(v) {
  const f = {};
  for (const [name, , kind] of FIELDS) {
    const val = v ? v[name] : undefined;
    if (kind === 'money') f[name] = money(val);
    else if (kind === 'lines') f[name] = (val || []).join('\n');
    else f[name] = val === undefined || val === null || val === 0 ? '' : String(val);
  }
  if (!v) f.status = 'disponivel';
  return f;
}

function fromForm(f) {
  const v = {};
  const local = {};
  for (const [name, label, kind] of FIELDS) {
    const raw = f[name];
    if (kind === 'money' || kind === 'number' || kind === 'year') {
      const n = parseNumber(raw);
      if (Number.isNaN(n)) local[name] = `${label}: número inválido`;
      v[name] = n === null || Number.isNaN(n) ? 0 : n;
    } else if (kind === 'lines') {
      v[name] = raw.split('\n').map((s) => s.trim()).filter(Boolean);
    } else {
      v[name] = raw;
    }
  }
  return { v, local };
}

export function VehicleForm({ id, vehicle, onSaved, onClose }) {
  const [form, setForm] = useState(() => toForm(vehicle));
  const [errors, setErrors] = useState({});
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const set = (name) => (e) => setForm({ ...form, [name]: e.currentTarget.value });

  const submit = async (e) => {
    e.preventDefault();
    const { v, local } = fromForm(form);
    if (Object.keys(local).length) {
      setErrors(local);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const r = vehicle
        ? await api('PUT', empresaPath(id, `/veiculos/${vehicle.id}`), v)
        : await api('POST', empresaPath(id, '/veiculos'), v);
      onSaved(r.veiculo);
    } catch (err) {
      const byField = fieldErrors(err);
      setErrors(byField);
      setError(Object.keys(byField).length ? 'Corrija os campos marcados.' : err);
      setBusy(false);
    }
  };

  const control = (name, label, kind, options) => {
    const fid = `v-${name}`;
    const props = { ...described(fid, errors[name]), name, value: form[name], onInput: set(name) };
    if (kind === 'select') {
      return html`<select ...${props} onChange=${set(name)}>
        <option value="">—</option>
        ${Object.entries(options).map(([k, l]) => html`<option value=${k}>${l}</option>`)}
      </select>`;
    }
    if (kind === 'textarea' || kind === 'lines') return html`<textarea ...${props} rows="3"></textarea>`;
    if (kind === 'money') return html`<input ...${props} inputmode="decimal" placeholder="115.900,00" />`;
    if (kind === 'number' || kind === 'year') return html`<input ...${props} inputmode="numeric" />`;
    return html`<input ...${props} />`;
  };

  return html`<${Dialog} title=${vehicle ? `Editar ${vehicle.marca} ${vehicle.modelo}` : 'Novo veículo'} onClose=${onClose}>
    <form class="form-veiculo" onSubmit=${submit} novalidate>
      <div class="campos">
        ${FIELDS.map(([name, label, kind, options]) => html`<${Field} id=${`v-${name}`} label=${label} error=${errors[name]}>
          ${control(name, label, kind, options)}
        <//>`)}
      </div>
      <${ErrorText} error=${error} />
      <div class="acoes">
        <button type="button" class="secundario" onClick=${onClose}>Cancelar</button>
        <button type="submit" disabled=${busy}>${busy ? 'Salvando…' : 'Salvar'}</button>
      </div>
    </form>
  <//>`;
}
