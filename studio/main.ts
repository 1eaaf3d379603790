// The standalone studio app: a page hosting <lk-studio>.
import './components/define.js';

const studio = document.createElement('lk-studio');
const params = new URLSearchParams(location.search);
if (params.get('pack')) studio.pack = params.get('pack')!;
if (params.get('lang') === 'en') studio.locale = 'en';
document.getElementById('app')!.append(studio);
