function createFoot2020(){
    document.write(
        '<style>'+
       
        '@media screen and (max-width: 1199px){.flink2 .flink li a {font-size: 14px;}}'+
        '@media screen and (max-width: 540px){'+
'   '+
'    .local{font-size: 0;padding-left:15px}'+
'.local span{font-size: 16px}'+
'.local a{display: none}'+
'.local a:last-child{display: inline-block;font-size: 16px;}'+
'.fontBot2{   padding-left: 15px;}'+
'}'+

'</style>'+

 

   ' <link rel="stylesheet" href="//www.foshan.gov.cn/css2020/dibu2020.css" UrlIsAbs="true" />'+
       ' <link rel="stylesheet" href="//www.foshan.gov.cn/css2020/dibu2023.css" UrlIsAbs="true" />'+
        '<style>.flinkt {background: #f6f6f6;}.flink2 .flink li,.flink2 .flink li.clearfix{width:16.6%;margin-right:0}.flink2 .flink li,.flink2 .flink li a{display: inline-block;background: none;  padding-left: 0;  float: left;}.flink2 .flink li a{float: none;}.flink2 .flink .first a{float:none;margin:auto;    text-align: center;display: inline-block;padding-left:0}.flink2 .shus{width: 1px; height: 22px; background-color: #e2e2e2;    margin: 8px 0px 0 0;display: inline-block; _zoom: 1; float: right;_display: inline;vertical-align: middle;}</style>'+
        '<div class="flink2">'+
        '<div class="flink " wzades="提供各级政府机构网站链接">'+
    '    <p class="flinkt"></p>'+
    '    <div class="main2020 " style="    text-align: center;"><div style="">'+
    '      <ul class="clearfix">'+
    '        <li class="clearfix first"><a class="" target="_blank" href="http://www.foshan.gov.cn/qtlm/szfbm/">市政府部门</a><span class="shus"></span>'+
    '        </li>'+
    '        <li class="clearfix "><a class="" target="_blank" href="http://www.foshan.gov.cn/qtlm/qzf/">区政府</a><span class="shus"></span>'+
    
    '        </li>'+
    '        <li class="clearfix "><a class="" target="_blank" href="http://www.foshan.gov.cn/qtlm/bszyjg/">本市重要机构</a><span class="shus"></span>'+
   
    '        </li>'+
    '        <li class="clearfix "><a class="" target="_blank" href="http://www.foshan.gov.cn/qtlm/czglbm/">垂直管理部门</a><span class="shus"></span>'+
   
    '        </li>'+    '        <li class="clearfix "><a class="" target="_blank" href="http://www.foshan.gov.cn/qtlm/qtdw/">其他单位</a><span class="shus"></span>'+
   
    '        </li>'+
    '        <li class="clearfix norm"><a class="" target="_blank" href="http://www.foshan.gov.cn/qtlm/rmtthqztt/">人民团体和群众团体</a>'+

    '        </li>'+
    '      </ul></div>'+
    '    </div>'+
    '  </div>'+
    '  <div class="footBlue" wzades="网站信息">'+
    '    <div class="main2020">'+
    '      <div class="fitem fitem1">'+
    '        <ul class="footBl">'+
    '          <li><a title="网站地图" target="_blank" href="http://www.foshan.gov.cn/wzbz/wzdt/index.html">网站地图</a></li>'+
    '          <li  class="lir"><a title="隐私保护" target="_blank" href="http://www.foshan.gov.cn/wzbz/ysbh/index.html">隐私保护</a></li>'+
    '          <li><a target="_blank" title="免责声明"  href="http://www.foshan.gov.cn/wzbz/mzsm/index.html">免责声明</a></li>'+
    '          <li class="lir"><a target="_blank" title="联系我们" href="http://www.foshan.gov.cn/wzbz/lxwm/index.html">联系我们</a></li>'+
    '          <li><a target="_blank" title="关于我们" href="http://www.foshan.gov.cn/wzbz/gywm/index.html">关于我们</a></li>'+
  //  '          <li class="lir fstapp"><img src="http://www.foshan.gov.cn/images2019zwsjjimages2020/zwsjj-fst.jpg"  class="fstewm"><a class="">佛山通APP</a></li>'+
    '        </ul>'+
    '      </div>'+
    '      <div class="fitem fitem2">'+
    '        <ul class="footBl2">'+
    '          <li class="first"><p>主办：佛山市人民政府办公室</p></li>'+
    '          <li><p>技术支持：佛山市信息网络中心</p></li>'+
    '          <li class="last2"><p>政府热线：0757-12345</p></li>'+
    '          <li class="last"><p>网站维护：0757-83035562</p></li>'+
           '          <li class="first fontBot2"><p>主办：佛山市人民政府办公室</p><p>技术支持：佛山市信息网络中心</p></li>'+
    // '      <p><a class="icp" href="http://beian.miit.gov.cn" target="_blank">粤ICP备05074746号</a>&nbsp;&nbsp;&nbsp;&nbsp;网站标识码4406000048</p></li>'+      
    '        </ul>'+
    '      </div>'+
    '      <div class="fitem fitem3 fitemwza">'+
    '        <a class="dzjg" href="//bszs.conac.cn/sitename?method=show&id=0B55E95A242A7CBCE053012819AC1062"'+
    '          target="_blank">'+
    '          <img vspace="0" hspace="0" border="0" src="http://www.foshan.gov.cn/images2020/dzjg.png" alt="党政机关" title="党政机关">'+
    '        </a>'+
    '        <img border="0" class="qcord" src="http://www.foshan.gov.cn/images/slhwza.jpg" alt="适老化无障碍服务" title="适老化无障碍服务">'+
    '<span id="_span_jiucuo"></span>'+
        '<script id="_jiucuo_" sitecode="4406000048" src="https://www.foshan.gov.cn/js/jiucuo.js"></script>'+
    '      </div>'+
    '    </div>'+
    '  </div>'+
    '  <div class="fontBot">'+
    '    <div class="main2020" >'+
    '      <a class="icp" target="_blank" href="https://beian.miit.gov.cn/">ICP备案号:粤ICP备05074746号</a>'+
    // '      <a class="icp" href="http://beian.miit.gov.cn" target="_blank">ICP备案号:粤ICP备05074746号</a>'+
    '      <a target="_blank" class="yga"'+
    '        href="http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=44060402000356">粤公网安备 44060402000356号</a>'+
    '      <span>网站标识码4406000048</span>'+
    '      <span class="jy">*建议使用1366×768分辨率 IE9.0以上版本浏览器</span>'+
    '    </div>'+
    '  </div>'+
    '  </div>'+
    '</div>');
}
createFoot2020();


              window.onload = function(){

                  

 
      $(".fstapp a").mouseover(function(event) {
                    $('.fstewm').show();
                });
                
                $(".fstapp a").mouseout(function(event) {
                    $('.fstewm').hide();
                        });
                }

