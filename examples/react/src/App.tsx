// A React 19 app embedding ihkit through its generated React components: the provider with the
// signed-in user's token, booking, and the user's appointments. The booking's `ih-booked` event
// arrives at a typed handler (`onIhBooked`), which shows the new appointment's registration number.
import { useEffect, useState, type FormEvent } from 'react';
import type { Session } from '@ihkit/core';
import type { IhBookedDetail } from '@ihkit/widgets';
// One module per element (each also defines its tag); `@ihkit/widgets/react` exports them all.
import { IhProvider } from '@ihkit/widgets/react/provider';
import { IhBooking } from '@ihkit/widgets/react/booking';
import { IhAppointments } from '@ihkit/widgets/react/appointments';
import { DEMO_PATIENTS, API, TEXT, bookedNumber, demoSignIn, demoSignOut, otherLang, type Booked, type Lang } from '../../shared/framework-demo.js';

export function App() {
  const [lang, setLang] = useState<Lang>('zh-CN');
  const [session, setSession] = useState<Session>();
  const [signInError, setSignInError] = useState<string>();
  const [booked, setBooked] = useState<Booked[]>([]);
  const t = TEXT[lang];

  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  async function signIn(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSignInError(undefined);
    try {
      setSession(await demoSignIn(String(new FormData(event.currentTarget).get('username'))));
    } catch (e) {
      setSignInError(t.signinFailed + (e instanceof Error ? e.message : String(e)));
    }
  }

  function signOut() {
    demoSignOut(session);
    setSession(undefined);
    setBooked([]);
  }

  async function onBooked(event: CustomEvent<IhBookedDetail>) {
    const id = event.detail.appointmentId;
    const number = await bookedNumber(session, id);
    setBooked((all) => [...all, { id, number }]);
  }

  return (
    <>
      <header>
        <h1>{t.hospital} · React</h1>
        <div className="account">
          {session ? (
            <div className="signed-in">
              <span id="who">{session.user.displayName}</span>
              <button type="button" onClick={signOut}>
                {t.signout}
              </button>
            </div>
          ) : (
            <form id="signin" onSubmit={signIn}>
              <label htmlFor="demo-user">{t.signinAs}</label>
              <select id="demo-user" name="username">
                {DEMO_PATIENTS.map(([username, name]) => (
                  <option key={username} value={username}>
                    {name} ({username})
                  </option>
                ))}
              </select>
              <button type="submit">{t.signin}</button>
            </form>
          )}
          <button type="button" lang={otherLang(lang)} onClick={() => setLang(otherLang(lang))}>
            {t.langButton}
          </button>
        </div>
      </header>
      <main>
        {signInError && <p className="error" role="alert">{signInError}</p>}
        {!session && <p className="hint">{t.signinHint}</p>}
        <IhProvider api={API} locale={lang} token={session?.token ?? ''}>
          <section>
            <h2>{t.bookingTitle}</h2>
            <IhBooking headingLevel={3} onIhBooked={onBooked} />
            {booked.map(({ id, number }) => (
              <p key={id} className="app-booked" role="status">
                {t.booked(number)}
              </p>
            ))}
          </section>
          <section>
            <h2>{t.mineTitle}</h2>
            {/* Reloads by itself on every ih-booked on the page. */}
            <IhAppointments headingLevel={3} />
          </section>
        </IhProvider>
      </main>
    </>
  );
}
