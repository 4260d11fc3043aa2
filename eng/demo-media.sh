#!/usr/bin/env bash
# Makes the demo's three safety micro-videos (title card and three steps each, 24 s, 640x360, H.264, silent), which the
# DevHost serves at /media/. Run once by hand when the texts change (needs Debian's ffmpeg and fonts-wqy-microhei); the
# outputs are committed, so neither the build, the tests nor the DevHost need ffmpeg.
set -euo pipefail
cd "$(dirname "$0")/.."
out=functions/Rewards.DevHost/Demo/media
font=/usr/share/fonts/truetype/wqy/wqy-microhei.ttc
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

video() {
  local name=$1 color=$2; shift 2
  local filters="" i=0
  for text in "$@"; do
    printf '%s' "$text" > "$work/$name-$i.txt"
    local size=30; [ "$i" -eq 0 ] && size=40
    filters+="${filters:+,}drawtext=fontfile=$font:textfile=$work/$name-$i.txt:fontsize=$size:fontcolor=white:line_spacing=14:x=(w-text_w)/2:y=(h-text_h)/2:enable='between(t,$((i * 6)),$((i * 6 + 6)))'"
    i=$((i + 1))
  done
  filters+=",drawtext=fontfile=$font:text='安康杯 · 安全科普微视频':fontsize=18:fontcolor=white@0.7:x=20:y=h-36"
  ffmpeg -loglevel error -y -f lavfi -i "color=c=$color:s=640x360:r=12:d=$((i * 6))" -vf "$filters" \
    -c:v libx264 -profile:v baseline -pix_fmt yuv420p -crf 30 -movflags +faststart "$out/$name.mp4"
}

video helmet '0x1f5fa8' '安全帽的正确佩戴' '第一步：调好帽衬
帽衬与帽壳间留出 25 至 50 毫米' '第二步：戴正，不歪戴
帽檐朝前，不把帽子戴在脑后' '第三步：系紧下颏带
松紧以能伸进一指为宜'
video welding-dust '0x6b4f1d' '电焊作业粉尘防护' '电焊烟尘含锰、铁等金属颗粒
长期吸入可致尘肺与锰中毒' '选用 KN95 及以上防尘口罩
佩戴后做气密性检查' '开启局部排风，站在上风向
下班前清洗，不在岗位进食'
video fire-escape '0x9c2a1f' '火灾逃生与灭火器使用' '逃生：湿毛巾捂住口鼻
低姿弯腰，沿疏散指示撤离' '不乘电梯，关门阻烟
到达安全地点后立即报警 119' '灭火器：提、拔、握、压
对准火焰根部，站在上风向'
ls -la "$out"
