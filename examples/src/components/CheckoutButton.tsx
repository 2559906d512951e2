import { useBooleanFlagValue } from '@openfeature/react-sdk';
import { NEW_CHECKOUT } from '../flags/keys';

interface CheckoutButtonProps {
  itemCount: number;
  onCheckout: (flow: 'one-page' | 'classic') => void;
}

export function CheckoutButton({ itemCount, onCheckout }: CheckoutButtonProps) {
  const onePage = useBooleanFlagValue(NEW_CHECKOUT, false);
  const label = onePage ? `Buy ${itemCount} items now` : 'Proceed to checkout';
  return (
    <button className="checkout-button" disabled={itemCount === 0} onClick={() => onCheckout(onePage ? 'one-page' : 'classic')}>
      {label}
    </button>
  );
}
