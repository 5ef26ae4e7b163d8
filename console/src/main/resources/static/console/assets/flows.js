// Draws the data-flow map over the table it repeats; without JavaScript the table alone is the map.
const map = document.getElementById('flow-map');
if (map && window.echarts) {
  const data = JSON.parse(map.dataset.flows || '{"nodes":[],"links":[]}');
  if (data.links.length > 0) {
    map.classList.remove('junction-flow-map--empty');
    const chart = window.echarts.init(map, null, { renderer: 'svg' });
    chart.setOption({
      aria: { enabled: false },
      animation: false,
      // Rich-text tooltips: HTML ones carry inline styles, which the console's content policy refuses.
      tooltip: { trigger: 'item', renderMode: 'richText' },
      series: [{
        type: 'sankey',
        data: data.nodes,
        links: data.links,
        emphasis: { focus: 'adjacency' },
        lineStyle: { color: 'gradient', curveness: 0.5 },
        label: { color: '#0b0c0c', fontFamily: 'Arial, Helvetica, sans-serif' }
      }]
    });
    window.addEventListener('resize', () => chart.resize());
  }
}
