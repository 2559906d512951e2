import { useFlags } from 'launchdarkly-react-client-sdk';

export function Header({ cartCount }: { cartCount: number }) {
  // The LaunchDarkly React SDK camel-cases keys: `darkMode` is the flag "dark-mode".
  const { darkMode } = useFlags();
  return (
    <header className={darkMode ? 'header header--dark' : 'header'}>
      <a href="/">Example Shop</a>
      <a href="/cart">Cart ({cartCount})</a>
    </header>
  );
}
