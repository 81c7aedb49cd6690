import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { Button, ErrorBlock, Selector, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { errorText, get, post, type Page } from '../../../shared/api';
import { Loading } from '../../App';
import { canvassOutcomes, type CanvassOutcome as Outcome, type MyCanvassAssignment } from './model';
import { useMyCanvass, useWhen } from './parts';

/**
 * 扫楼 for the volunteer on the stairs: the rooms of my assigned buildings, each with the last thing
 * its door said and whether its voter has voted (never how), and one tap to record a visit. Large
 * targets and words throughout, for a phone in one hand in a dim stairwell.
 */

interface RoomStatus {
  roomId: string;
  buildingName: string;
  entranceName: string;
  roomNumber: string;
  label: string;
  outcome: Outcome | null;
  note: string | null;
  recordedAt: number | null;
  recordedBy: string | null;
  voted: boolean | null;
}

type Filter = 'all' | 'unvisited' | 'notVoted';

export default function CanvassPage() {
  const { t } = useTranslation();
  const when = useWhen();
  const [params, setParams] = useSearchParams();
  const list = useMyCanvass();
  if (list.isPending) return <Loading />;
  if (list.isError) return <ErrorBlock status="default" title={list.error.message} description="" />;
  const assignments = list.data.items;
  const assemblyIds = [...new Set(assignments.map((x) => x.assemblyId))];
  const assemblyId = params.get('assembly') ?? assemblyIds[0];
  const mine = assignments.filter((x) => x.assemblyId === assemblyId);
  const buildingId = params.get('building') ?? mine[0]?.buildingId;
  const current = mine.find((x) => x.buildingId === buildingId);
  const choose = (next: Record<string, string>) =>
    setParams({ ...Object.fromEntries(params), ...next }, { replace: true });

  return (
    <div className="page assembly canvass">
      <h1 className="page-title">{t('assembly.canvass.title')}</h1>
      {!current ? (
        <p>{t('assembly.canvass.none')}</p>
      ) : (
        <>
          {assemblyIds.length > 1 && (
            <div className="canvass-choice">
              <p id="canvass-assembly">{t('assembly.canvass.assembly')}</p>
              <Selector
                aria-labelledby="canvass-assembly"
                columns={1}
                value={[current.assemblyId]}
                onChange={([id]) => id && choose({ assembly: id, building: '' })}
                options={assemblyIds.map((id) => {
                  const a = assignments.find((x) => x.assemblyId === id)!;
                  return { value: id, label: `${a.compoundName} · ${a.assemblyTitle}` };
                })}
              />
            </div>
          )}
          <p className="big-line">
            {current.compoundName} · {current.assemblyTitle}
          </p>
          <p>{t('assembly.canvass.ends', { at: when(current.votingEndsAt) })}</p>
          <p className="hint">{t('assembly.canvass.intro')}</p>
          {mine.length > 1 && (
            <div className="canvass-choice">
              <p id="canvass-building">{t('assembly.canvass.building')}</p>
              <Selector
                aria-labelledby="canvass-building"
                columns={3}
                value={[current.buildingId]}
                onChange={([id]) => id && choose({ building: id })}
                options={mine.map((x) => ({ value: x.buildingId, label: x.buildingName }))}
              />
            </div>
          )}
          <Rooms key={`${current.assemblyId}:${current.buildingId}`} assignment={current} />
        </>
      )}
      <p className="links">
        <Link to="/">{t('assembly.canvass.home')}</Link>
      </p>
    </div>
  );
}

function Rooms({ assignment }: { assignment: MyCanvassAssignment }) {
  const { t } = useTranslation();
  const [filter, setFilter] = useState<Filter>('all');
  const [open, setOpen] = useState<string | null>(null);
  const base = `/communities/${assignment.communityId}/assemblies/${assignment.assemblyId}/canvass`;
  const query = `buildingId=${assignment.buildingId}${
    filter === 'unvisited' ? '&status=unvisited' : filter === 'notVoted' ? '&voted=false' : ''
  }`;
  const rooms = useInfiniteQuery({
    queryKey: ['my-canvass', 'rooms', assignment.assemblyId, assignment.buildingId, filter],
    initialPageParam: 1,
    queryFn: ({ pageParam }) =>
      get<Page<RoomStatus>>(`${base}/rooms?${query}&pageSize=100&page=${pageParam}`),
    getNextPageParam: (last) => (last.page * last.pageSize < last.total ? last.page + 1 : undefined),
  });
  const items = rooms.data?.pages.flatMap((p) => p.items) ?? [];
  const total = rooms.data?.pages[0]?.total ?? 0;
  const filters: Filter[] = [
    'all',
    'unvisited',
    ...(assignment.assemblyStatus === 'voting' ? ['notVoted' as const] : []),
  ];
  return (
    <section aria-labelledby="canvass-rooms" className="canvass-rooms">
      <h2 id="canvass-rooms">
        {assignment.buildingName} · {t('assembly.canvass.count', { total })}
      </h2>
      <div className="canvass-choice">
        <p id="canvass-filter">{t('assembly.canvass.show')}</p>
        <Selector
          aria-labelledby="canvass-filter"
          columns={filters.length}
          value={[filter]}
          onChange={([f]) => f && setFilter(f)}
          options={filters.map((f) => ({ value: f, label: t(`assembly.canvass.filter.${f}`) }))}
        />
      </div>
      {rooms.isError && <p className="form-error">{rooms.error.message}</p>}
      {rooms.isPending && <Loading />}
      <ul className="room-list">
        {items.map((room) => (
          <li key={room.roomId}>
            <Room
              room={room}
              base={base}
              open={open === room.roomId}
              onToggle={() => setOpen(open === room.roomId ? null : room.roomId)}
            />
          </li>
        ))}
      </ul>
      {!rooms.isPending && !items.length && <p>{t('assembly.canvass.noRooms')}</p>}
      {rooms.hasNextPage && (
        <Button
          block
          size="large"
          loading={rooms.isFetchingNextPage}
          onClick={() => void rooms.fetchNextPage()}
        >
          {t('assembly.canvass.more')}
        </Button>
      )}
    </section>
  );
}

function Room({
  room,
  base,
  open,
  onToggle,
}: {
  room: RoomStatus;
  base: string;
  open: boolean;
  onToggle: () => void;
}) {
  const { t } = useTranslation();
  const when = useWhen();
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState<Outcome | null>(null);
  const name = `${room.entranceName} ${room.roomNumber}`;
  const panel = `room-${room.roomId}`;
  async function record(outcome: Outcome) {
    setBusy(outcome);
    try {
      await post(`${base}/records`, { roomId: room.roomId, outcome, note: note.trim() || null });
      Toast.show({
        content: t('assembly.canvass.saved', {
          room: name,
          outcome: t(`assembly.canvass.outcome.${outcome}`),
        }),
      });
      setNote('');
      onToggle();
      await queryClient.invalidateQueries({ queryKey: ['my-canvass', 'rooms'] });
    } catch (err) {
      Toast.show({ content: errorText(err, t) });
    } finally {
      setBusy(null);
    }
  }
  return (
    <div className={`room-card${open ? ' open' : ''}`}>
      <button
        type="button"
        className="room-head"
        aria-expanded={open}
        aria-controls={panel}
        onClick={onToggle}
      >
        <span className="room-name">{name}</span>
        {room.voted !== null && (
          <span className={room.voted ? 'room-voted' : 'room-not-voted'}>
            {room.voted ? `✓ ${t('assembly.canvass.voted')}` : t('assembly.canvass.notVoted')}
          </span>
        )}
        <span className="room-latest">
          {room.outcome
            ? t('assembly.canvass.latest', {
                outcome: t(`assembly.canvass.outcome.${room.outcome}`),
                who: room.recordedBy ?? '',
                at: when(room.recordedAt ?? 0),
              })
            : t('assembly.canvass.unvisited')}
        </span>
        {room.note && <span className="room-note">{room.note}</span>}
      </button>
      {open && (
        <div
          id={panel}
          className="room-panel"
          role="group"
          aria-label={t('assembly.canvass.recordFor', { room: name })}
        >
          <label className="room-note-label" htmlFor={`${panel}-note`}>
            {t('assembly.canvass.note')}
          </label>
          <TextArea id={`${panel}-note`} value={note} onChange={setNote} rows={2} maxLength={500} />
          <div className="outcome-buttons">
            {canvassOutcomes.map((o) => (
              <Button
                key={o}
                size="large"
                loading={busy === o}
                disabled={busy !== null}
                onClick={() => void record(o)}
              >
                {t(`assembly.canvass.outcome.${o}`)}
              </Button>
            ))}
          </div>
        </div>
      )}
    </div>
  );
}
