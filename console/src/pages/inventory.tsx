import { useState } from 'preact/hooks';
import { query } from '../api.ts';
import { ConfirmDialog, Field, Loading, notServedYet, ProblemView, useLoad } from '../components/common.tsx';
import { DataTable, numeric } from '../components/data-table.tsx';
import { useConsole } from '../console-context.ts';
import { href } from '../router.ts';
import { roleAtLeast } from '../session.ts';
import type { Inventory, InventoryItem, Warehouse } from '../types.ts';

/** Stock by warehouse in a region: available, reserved, backordered; managers restock from here. */
export function InventoryPage({ params }: { params: URLSearchParams }) {
  const { api, region, session } = useConsole();
  const part = params.get('part') ?? '';
  const [filter, setFilter] = useState(part);
  const inventory = useLoad(
    (signal) => api.get<Inventory>(region, `inventory?${query({ region })}`, signal),
    [region],
  );
  const [restock, setRestock] = useState<{ warehouse: Warehouse; item: InventoryItem }>();
  const [done, setDone] = useState<string>();
  const canRestock = roleAtLeast(session, 'manager');
  const f = filter.trim().toLowerCase();
  const match = (i: { partNumber: string; name?: string; category?: string }) =>
    !f ||
    i.partNumber.toLowerCase().includes(f) ||
    !!i.category?.toLowerCase().includes(f) ||
    !!i.name?.toLowerCase().includes(f);
  const waiting = new Map((inventory.data?.backorders ?? []).map((b) => [b.partNumber, b.quantity]));
  const queues = (inventory.data?.backorders ?? []).filter((b) => b.claims.length > 0 && match(b));

  return (
    <>
      <h1 tabIndex={-1}>Inventory in {region}</h1>
      <form class="filters" aria-label="Filter the parts" onSubmit={(e) => e.preventDefault()}>
        <Field label="Part number or category" id="inv-filter">
          <input id="inv-filter" value={filter} onInput={(e) => setFilter(e.currentTarget.value)} />
        </Field>
      </form>
      {done ? (
        <p class="notice" role="status">
          {done}
        </p>
      ) : null}
      {notServedYet(inventory.error) ? (
        <p class="muted">The inventory is not served by this API yet (GET inventory).</p>
      ) : (
        <ProblemView error={inventory.error} context="the inventory" />
      )}
      {inventory.loading && !inventory.data ? <Loading what="the inventory" /> : null}
      {inventory.data?.warehouses.length === 0 ? <p>No warehouses in {region}.</p> : null}
      <div class="warehouses">
        {inventory.data?.warehouses.map((w) => {
          const items = w.items.filter(match);
          return (
            <section key={w.warehouseId} class="card" aria-labelledby={`wh-${w.warehouseId}`}>
              <h2 id={`wh-${w.warehouseId}`}>
                {w.name} <span class="muted small">{w.warehouseId}</span>
              </h2>
              {items.length === 0 ? (
                <p class="muted">No part matches.</p>
              ) : (
                <DataTable
                  columns={[
                    'Part',
                    'Category',
                    numeric('On hand'),
                    numeric('Reserved'),
                    numeric('Available'),
                    numeric('Waiting'),
                    canRestock && 'Restock',
                  ]}
                >
                  {items.map((i) => (
                    <tr key={i.partNumber} class={i.available === 0 ? 'low' : ''}>
                      <td>
                        <span class="mono nowrap">{i.partNumber}</span>
                        {i.name ? <div class="muted small">{i.name}</div> : null}
                      </td>
                      <td>{i.category ?? '—'}</td>
                      <td class="num">{i.onHand ?? i.available + i.reserved}</td>
                      <td class="num">
                        {i.reserved}
                        {i.reservedFor ? (
                          <span class="muted small">
                            {' '}
                            ({i.reservedFor} claim{i.reservedFor === 1 ? '' : 's'})
                          </span>
                        ) : null}
                      </td>
                      <td class="num">{i.available}</td>
                      <td class="num">{waiting.get(i.partNumber) || '—'}</td>
                      {canRestock ? (
                        <td>
                          <button
                            type="button"
                            onClick={() => setRestock({ warehouse: w, item: i })}
                            aria-label={`Restock ${i.partNumber} in ${w.name}`}
                          >
                            Restock
                          </button>
                        </td>
                      ) : null}
                    </tr>
                  ))}
                </DataTable>
              )}
            </section>
          );
        })}
      </div>
      {!canRestock ? <p class="muted small">Restocking needs the manager role.</p> : null}
      <section aria-labelledby="restock-queue-heading">
        <h2 id="restock-queue-heading">Restock queue</h2>
        {queues.length === 0 ? (
          <p class="muted">No claim is waiting for parts of these warehouses.</p>
        ) : (
          <DataTable columns={['Part', numeric('Units waiting'), 'Claims, oldest first']}>
            {queues.map((b) => (
              <tr key={b.partNumber}>
                <td class="mono">{b.partNumber}</td>
                <td class="num">{b.quantity}</td>
                <td>
                  {b.claims.map((c) => (
                    <div key={c.claimId}>
                      <a class="mono" href={href(`claims/${c.claimId}`)}>
                        {c.claimId}
                      </a>{' '}
                      <span class="muted small">× {c.quantity}</span>
                    </div>
                  ))}
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>
      {restock ? (
        <RestockDialog
          warehouse={restock.warehouse}
          item={restock.item}
          onClose={() => setRestock(undefined)}
          onDone={(resumed) => {
            setDone(
              `Restocked ${restock.item.partNumber} in ${restock.warehouse.name}.` +
                (resumed.length
                  ? ` Resumed ${resumed.length} backordered claim(s): ${resumed.join(', ')}.`
                  : ''),
            );
            inventory.reload();
          }}
        />
      ) : null}
      <p>
        <a href={href('claims', { status: 'AWAITING_PARTS', region })}>Claims awaiting parts in {region}</a>
      </p>
    </>
  );
}

function RestockDialog(props: {
  warehouse: Warehouse;
  item: InventoryItem;
  onClose: () => void;
  onDone: (resumed: string[]) => void;
}) {
  const { api } = useConsole();
  const [quantity, setQuantity] = useState('10');
  const n = Number(quantity);
  const valid = Number.isInteger(n) && n >= 1 && n <= 1_000_000;
  return (
    <ConfirmDialog
      title={`Restock ${props.item.partNumber}`}
      confirmLabel="Restock"
      onClose={props.onClose}
      {...(valid ? {} : { blocked: 'The quantity is a whole number from 1 to 1,000,000.' })}
      onConfirm={async () => {
        const res = await api.post<{ resumed?: string[] }>(
          props.warehouse.region,
          `warehouses/${encodeURIComponent(props.warehouse.warehouseId)}/restock`,
          { partNumber: props.item.partNumber, quantity: n },
        );
        props.onDone(res?.resumed ?? []);
      }}
    >
      <p>
        Stock received in {props.warehouse.name} ({props.warehouse.region}). Backordered claims it can serve
        in full resume, oldest first.
      </p>
      <Field label="Quantity received" id="restock-qty">
        <input
          id="restock-qty"
          type="number"
          min={1}
          step={1}
          required
          value={quantity}
          onInput={(e) => setQuantity(e.currentTarget.value)}
        />
      </Field>
    </ConfirmDialog>
  );
}
