import { useBooleanFlagValue, useStringFlagValue } from '@openfeature/react-sdk';
import { CheckoutButton } from '../components/CheckoutButton';
import { FLAGS } from '../flags/keys';
import type { CartItem } from '../server/cart';

export function CheckoutPage({ items }: { items: CartItem[] }) {
  const newCheckout = useBooleanFlagValue('new-checkout', false);
  const banner = useStringFlagValue(FLAGS.bannerText, 'Free returns within 30 days');
  const expressPay = useBooleanFlagValue('new-chekout', false);
  const total = items.reduce((sum, item) => sum + item.price * item.quantity, 0);

  return (
    <main className={newCheckout ? 'checkout checkout--one-page' : 'checkout'}>
      <p className="checkout__banner">{banner}</p>
      <ul>
        {items.map((item) => (
          <li key={item.sku}>
            {item.name} × {item.quantity}
          </li>
        ))}
      </ul>
      <p>Total: {total.toFixed(2)} €</p>
      {expressPay && <button className="express-pay">Express pay</button>}
      <CheckoutButton itemCount={items.length} onCheckout={(flow) => console.info('checkout', flow)} />
    </main>
  );
}
